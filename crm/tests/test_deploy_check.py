"""Production settings pass `manage.py check --deploy`, and refuse to start without a key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _collected(tmp_path: Path) -> Path:
    root = tmp_path / "static"
    root.mkdir(exist_ok=True)
    (root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    return root


def _production_env(tmp_path: Path, **overrides: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CRM_", "SECURE_", "DATABASE_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),  # 86 characters
        ALLOWED_HOSTS="crm.example.com",
        CSRF_TRUSTED_ORIGINS="https://crm.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        # Collected static files (crm.E001 refuses DEBUG off without the manifest).
        STATIC_ROOT=str(_collected(tmp_path)),
    )
    env.update(overrides)
    return env


def test_check_deploy_reports_no_issues(tmp_path):
    env = _production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 60
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
