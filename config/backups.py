"""Backups with django-dbbackup (SPEC §9): `manage.py backup` / `manage.py restore`.

Database dumps use `pg_dump --format=custom` / `pg_restore --clean` on PostgreSQL and the
SQLite online-backup API (restored by copying the file back) on SQLite; media files go into a
tar archive. Everything is written to ``CRM_BACKUP_DIR`` through a Django storage, so pointing
the ``dbbackup`` storage at S3 (django-storages) is a settings change only.

Backups hold every record and file: they are written readable by their owner only (files 0600,
the directory 0700) and, when ``BACKUP_GPG_RECIPIENT`` names a public key in the server's GnuPG
keyring, encrypted to it (``*.gpg``; `manage.py restore` decrypts them).
"""

from pathlib import Path

from config.env import env_int, env_str

_BASE_DIR = Path(__file__).resolve().parent.parent

CRM_BACKUP_DIR = Path(env_str("CRM_BACKUP_DIR", str(_BASE_DIR / "backups")))

# django-dbbackup ≥ 5 reads its storage from STORAGES["dbbackup"] (the old DBBACKUP_STORAGE
# setting now raises). settings.py merges this entry into STORAGES.
BACKUP_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": str(CRM_BACKUP_DIR),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}

# GnuPG key (fingerprint, key id or email) the backups are encrypted to; empty = not encrypted.
# The key is named explicitly by the operator, so it need not carry a trust signature.
BACKUP_GPG_RECIPIENT = env_str("BACKUP_GPG_RECIPIENT", "").strip()
DBBACKUP_GPG_RECIPIENT = BACKUP_GPG_RECIPIENT or None
DBBACKUP_GPG_ALWAYS_TRUST = True

# `backup --clean` keeps this many database and this many media backups (two weeks of
# daily runs); dbbackup uses the same number for media unless told otherwise.
DBBACKUP_CLEANUP_KEEP = env_int("CRM_BACKUP_KEEP", 14)
# Failures surface through the command's exit status (cron mails it), not a second channel.
DBBACKUP_SEND_EMAIL = False
