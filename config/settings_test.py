"""Test settings: the real settings plus a test-only FSM app and a fast password hasher."""

import os

# Tests run in development mode with a throwaway key unless the environment says otherwise.
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghij")

from config.settings import *  # noqa: E402, F403
from config.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "crm.tests.pathapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The pinned query counts assume the session is read from the database; production reads it
# from the cache first (cached_db, config/topology.py), which crm/tests/
# test_multi_instance_settings.py and deploy/drill exercise.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "dbbackup": BACKUP_STORAGE,  # noqa: F405 (backups keep their real storage)
}
