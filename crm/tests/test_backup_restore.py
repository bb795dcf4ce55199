"""Restore drill (SPEC §9): back up, change data and media, restore, and the change is gone.

The commands run in subprocesses against a throwaway database (a temporary SQLite file; on
PostgreSQL a throwaway database next to the test database, using pg_dump/pg_restore), exactly
as an operator would run them. The restore duration is printed: it is the measured RTO.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
RTO_LIMIT_SECONDS = 10  # whole `manage.py restore` process, interpreter start-up included


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [*MANAGE, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def _users(env: dict) -> set[str]:
    out = _manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from crm.models import User; print('USERS', *User.objects.values_list('email', flat=1))",
    )
    line = next(line for line in out.splitlines() if line.startswith("USERS"))
    return set(line.split()[1:])


def _create_user(env: dict, email: str) -> None:
    # The factories module also defines factories for the test-only app, so this one step
    # loads the test settings (same database, same environment).
    _manage(
        {**env, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        "shell",
        "-v0",
        "-c",
        f"from crm.tests.factories import UserFactory; UserFactory(email={email!r})",
    )


def _drill(tmp_path: Path, database_url: str) -> tuple[float, float]:
    """Run the drill; returns (restore time reported by the command, wall time)."""
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "CRM_BACKUP_DIR": str(tmp_path / "backups"),
        "CRM_PRIVATE_MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    _manage(env, "migrate", "-v0")
    _create_user(env, "before@agency.example")
    attachment = media / "attachments" / "proposal.txt"
    attachment.parent.mkdir(parents=True)
    attachment.write_text("signed proposal v1")

    backup_out = _manage(env, "backup")
    assert "Backup of the" in backup_out
    assert len(list((tmp_path / "backups").glob("*.tar"))) == 1

    # Damage after the backup: a new user, an overwritten file.
    _create_user(env, "after@agency.example")
    attachment.write_text("overwritten by mistake")
    assert {"before@agency.example", "after@agency.example"} <= _users(env)

    started = time.monotonic()
    restore_out = _manage(env, "restore", "--noinput")
    rto = time.monotonic() - started
    inner = re.search(r"Restore finished in ([\d.]+) s", restore_out)
    assert inner, restore_out

    users = _users(env)
    assert "before@agency.example" in users
    assert "after@agency.example" not in users
    assert attachment.read_text() == "signed proposal v1"
    assert rto < RTO_LIMIT_SECONDS
    return float(inner.group(1)), rto


def test_restore_drill(tmp_path, capsys):
    """Drill on the backend this test run uses: PostgreSQL in CI, else SQLite."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        rto = _drill(tmp_path, f"sqlite:///{tmp_path / 'drill.sqlite3'}")
        _report(capsys, "sqlite", rto)
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore are not on PATH (install postgresql-client)")
    import psycopg

    config = dj_database_url.parse(configured)
    name = f"crm_restore_drill_{uuid.uuid4().hex[:12]}"
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        rto = _drill(tmp_path, configured.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _report(capsys, "postgresql", rto)


def _report(capsys, vendor: str, rto: tuple[float, float]) -> None:
    with capsys.disabled():  # shown even without -s: the measured RTO is the drill's result
        print(
            f"\n[restore drill] {vendor}: restore took {rto[0]:.2f} s "
            f"({rto[1]:.2f} s including process start-up)"
        )
