"""`python manage.py backup`: one backup of the database and of the private media files.

Wraps django-dbbackup (`dbbackup` + `mediabackup`); files land in the storage configured in
``config/backups.py`` (``CRM_BACKUP_DIR``), readable by their owner only, and are encrypted
with GnuPG when ``BACKUP_GPG_RECIPIENT`` is set. Run it daily from cron (README, "Backups").
"""

import logging
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Back up the database and the media files (django-dbbackup)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clean",
            action="store_true",
            help="Afterwards delete old backups, keeping the newest CRM_BACKUP_KEEP of each kind.",
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Back up the database only, not media files."
        )

    def handle(self, *args, clean: bool, no_media: bool, verbosity: int, **options):
        from dbbackup.storage import get_storage

        recipient = settings.BACKUP_GPG_RECIPIENT
        if recipient and not shutil.which("gpg"):
            raise CommandError(
                "BACKUP_GPG_RECIPIENT is set but the gpg program is missing: install GnuPG "
                "(apt-get install gnupg) or unset it."
            )
        storage = get_storage()
        _private_directory(storage)
        started = time.monotonic()
        quiet = verbosity < 1
        encrypt = bool(recipient)
        # dbbackup prints its progress to stderr itself; do not repeat each line as JSON.
        logging.getLogger("dbbackup.command").propagate = False
        options = {"clean": clean, "quiet": quiet, "verbosity": verbosity, "encrypt": encrypt}
        call_command("dbbackup", **options)
        if not no_media:
            _ensure_media_root()
            call_command("mediabackup", **options)

        db_file = storage.get_latest_backup(content_type="db")
        media_file = None if no_media else storage.get_latest_backup(content_type="media")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup of the {connection.vendor} database finished in {elapsed:.2f} s."
            )
        )
        self.stdout.write(f"  database: {_location(storage, db_file)}")
        if media_file:
            self.stdout.write(f"  media:    {_location(storage, media_file)}")
        self.stdout.write(
            f"  encrypted with GnuPG for {recipient}" if encrypt else "  not encrypted"
        )


def _private_directory(storage) -> None:
    """A local backup directory is created 0700 and kept so (files are written 0600)."""
    try:
        location = Path(storage.storage.path(""))
    except NotImplementedError:  # a remote storage: its own access rules apply
        return
    location.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(location, 0o700)


def _ensure_media_root() -> None:
    """A fresh install has no media directory yet; back it up as an empty archive."""
    location = getattr(default_storage, "location", None)
    if isinstance(location, str) and location:
        Path(location).mkdir(parents=True, exist_ok=True)


def _location(storage, name: str) -> str:
    """The file's path for a filesystem storage, else its name in the storage."""
    try:
        return storage.storage.path(name)
    except NotImplementedError:
        return f"{storage} {name}"
