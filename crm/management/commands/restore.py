"""`python manage.py restore`: put back the database and the media files from a backup.

Wraps django-dbbackup (`dbrestore` + `mediarestore`). By default the newest backups in
``CRM_BACKUP_DIR`` are used. The database is replaced as a whole (PostgreSQL: `pg_restore
--clean --if-exists --single-transaction`; SQLite: the file is copied back); media files from
the archive overwrite files of the same name. Prints how long the restore took (the RTO
measured by the restore drill in the README). Encrypted backups (``*.gpg``) are decrypted
with the private key in the GnuPG keyring; its passphrase comes from ``BACKUP_GPG_PASSPHRASE``
or, interactively, from a prompt.
"""

import logging
import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Restore the database and the media files from the latest (or a given) backup."

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--database-backup",
            metavar="NAME",
            help="File name of the database backup in the backup storage (default: newest).",
        )
        parser.add_argument(
            "--media-backup",
            metavar="NAME",
            help="File name of the media backup in the backup storage (default: newest).",
        )
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")

    def handle(
        self,
        *args,
        interactive: bool,
        database_backup: str | None,
        media_backup: str | None,
        no_media: bool,
        verbosity: int,
        **options,
    ):
        from dbbackup.storage import StorageError, get_storage

        storage = get_storage()
        try:
            db_file = database_backup or storage.get_latest_backup(content_type="db")
            media_file = None
            if not no_media:
                media_file = media_backup or storage.get_latest_backup(content_type="media")
        except StorageError as err:
            raise CommandError(f"{err} (looked in {storage})") from err

        vendor = connection.vendor
        name = connection.settings_dict["NAME"]
        self.stdout.write(f"Database backup: {db_file}")
        if media_file:
            self.stdout.write(f"Media backup:    {media_file}")
        if interactive:
            answer = input(
                f"This REPLACES the {vendor} database '{name}'"
                f"{' and overwrites media files' if media_file else ''}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")

        passphrase = os.environ.get("BACKUP_GPG_PASSPHRASE") or None
        encrypted = any(name and name.endswith(".gpg") for name in (db_file, media_file))
        if encrypted and passphrase is None and not interactive:
            raise CommandError(
                "The backup is encrypted: set BACKUP_GPG_PASSPHRASE to the passphrase of the "
                "private key (any value if the key has none), or run without --noinput."
            )

        started = time.monotonic()
        quiet = verbosity < 1
        # dbbackup prints its progress to stderr itself; do not repeat each line as JSON.
        logging.getLogger("dbbackup.command").propagate = False
        call_command(
            "dbrestore",
            input_filename=db_file,
            interactive=False,
            quiet=quiet,
            verbosity=verbosity,
            **_decrypt_options(db_file, passphrase),
        )
        connection.close()  # the database underneath was replaced: never reuse the old session
        if media_file:
            call_command(
                "mediarestore",
                input_filename=media_file,
                replace=True,
                interactive=False,
                quiet=quiet,
                verbosity=verbosity,
                **_decrypt_options(media_file, passphrase),
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Restore finished in {elapsed:.2f} s."))


def _decrypt_options(name: str, passphrase: str | None) -> dict:
    """dbbackup's decrypt options for an encrypted (``*.gpg``) backup file."""
    if not name.endswith(".gpg"):
        return {}
    return {"decrypt": True, "passphrase": passphrase}
