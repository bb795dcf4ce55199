"""Restore drill (SPEC §9): back up, change data and media, restore, and the change is gone.

The commands run in subprocesses against a throwaway database (a temporary SQLite file; on
PostgreSQL a throwaway database next to the test database, using pg_dump/pg_restore), exactly
as an operator would run them. The restore duration is printed: it is the measured RTO.
The drill runs twice: plain, and encrypted with GnuPG to a throwaway key made in a temporary
GNUPGHOME. Either way the backup files are private (0600, directory 0700).
"""

import os
import re
import shutil
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
# The objective is under 4 hours (design notes' NFR); the drill prints what it measured (a few
# seconds here). This bound only catches a restore that hangs: 10 s failed CI once on a busy
# machine while restoring correctly.
RTO_LIMIT_SECONDS = 120  # whole `manage.py restore` process, interpreter start-up included


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


GPG_PASSPHRASE = "drill-passphrase-0123"
GPG_RECIPIENT = "backup-drill@agency.example"


def _gpg_env(home: Path) -> dict:
    """A throwaway GnuPG home with one key pair (passphrase-protected) for the drill."""
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            GPG_PASSPHRASE,
            "--quick-gen-key",
            f"CRM backup drill <{GPG_RECIPIENT}>",
            "default",
            "default",
            "never",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return {
        "GNUPGHOME": str(home),
        "BACKUP_GPG_RECIPIENT": GPG_RECIPIENT,
        "BACKUP_GPG_PASSPHRASE": GPG_PASSPHRASE,
    }


def _assert_private(backups: Path) -> None:
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    files = list(backups.iterdir())
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.fixture
def gnupg_home(tmp_path):
    """A temporary GNUPGHOME; its gpg-agent is stopped afterwards."""
    home = tmp_path / "gnupg"
    yield home
    if home.exists() and shutil.which("gpgconf"):
        subprocess.run(
            ["gpgconf", "--kill", "gpg-agent"],
            env={**os.environ, "GNUPGHOME": str(home)},
            capture_output=True,
            timeout=30,
        )


def _drill(tmp_path: Path, database_url: str, *, gnupg: Path | None) -> tuple[float, float]:
    """Run the drill; returns (restore time reported by the command, wall time)."""
    media = tmp_path / "media"
    backups = tmp_path / "backups"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "CRM_BACKUP_DIR": str(backups),
        "CRM_PRIVATE_MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("BACKUP_GPG_RECIPIENT", None)
    encrypted = gnupg is not None
    if encrypted:
        env.update(_gpg_env(gnupg))
    _manage(env, "migrate", "-v0")
    _create_user(env, "before@agency.example")
    attachment = media / "attachments" / "proposal.txt"
    attachment.parent.mkdir(parents=True)
    attachment.write_text("signed proposal v1")

    backup_out = _manage(env, "backup")
    assert "Backup of the" in backup_out
    _assert_private(backups)
    if encrypted:
        assert f"encrypted with GnuPG for {GPG_RECIPIENT}" in backup_out
        assert len(list(backups.glob("*.tar.gpg"))) == 1
        # dbbackup's small *.metadata side file names only the database engine.
        data_files = [p for p in backups.iterdir() if not p.name.endswith(".metadata")]
        assert len(data_files) == 2 and all(p.name.endswith(".gpg") for p in data_files)
        for path in backups.iterdir():  # no plain text left in any backup file
            data = path.read_bytes()
            assert b"signed proposal v1" not in data and b"before@agency" not in data
        # Without the passphrase a non-interactive restore stops with a clear message.
        refused = subprocess.run(
            [*MANAGE, "restore", "--noinput"],
            env={**env, "BACKUP_GPG_PASSPHRASE": ""},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert refused.returncode != 0
        assert "set BACKUP_GPG_PASSPHRASE" in refused.stderr
    else:
        assert "not encrypted" in backup_out
        assert len(list(backups.glob("*.tar"))) == 1

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


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "gpg"])
def test_restore_drill(tmp_path, capsys, gnupg_home, encrypted):
    """Drill on the backend this test run uses: PostgreSQL in CI, else SQLite."""
    if encrypted and not shutil.which("gpg"):
        pytest.skip("gpg is not on PATH: install GnuPG (apt-get install gnupg)")
    label = "encrypted" if encrypted else "plain"
    gnupg = gnupg_home if encrypted else None
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        rto = _drill(tmp_path, f"sqlite:///{tmp_path / 'drill.sqlite3'}", gnupg=gnupg)
        _report(capsys, f"sqlite, {label}", rto)
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
        url = configured.rsplit("/", 1)[0] + f"/{name}"
        rto = _drill(tmp_path, url, gnupg=gnupg)
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _report(capsys, f"postgresql, {label}", rto)


def _report(capsys, vendor: str, rto: tuple[float, float]) -> None:
    with capsys.disabled():  # shown even without -s: the measured RTO is the drill's result
        print(
            f"\n[restore drill] {vendor}: restore took {rto[0]:.2f} s "
            f"({rto[1]:.2f} s including process start-up)"
        )
