"""Import a CSV or XLSX file of any size with the same resources, validation and
all-or-nothing transaction as the web import page, which caps files for the sake of the worker
timeout (``CRM_IMPORT_MAX_ROWS`` / ``CRM_IMPORT_MAX_BYTES``).

    python manage.py import_records lead leads.csv --user ana@agency.example [--dry-run]

With ``--user`` the import runs as that user: new records default to them as owner, history
names them, and a sales user may not name another owner. Without it the import runs with admin
rights and every new row must name its owner."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from crm.models import User
from crm.resources import RESOURCES_BY_MODEL
from crm.resources.base import file_line
from crm.resources.running import (
    FORMATS,
    import_all_or_nothing,
    read_dataset,
    row_errors,
    totals,
    with_row_hook,
)

SHOWN_ERRORS = 20
UNKNOWN_FORMAT = "Cannot tell the format of '{file}': use a .csv or .xlsx file."
UNREADABLE = "Cannot read '{file}' as {format}: {error}"
UNKNOWN_USER = "No active user has the email address '{email}'."
NO_PERMISSION = "{email} may not import {plural} (missing the import permission)."
SUMMARY = "{verb}: {new} created, {update} updated, {skip} unchanged, {errors} with errors."


class Command(BaseCommand):
    help = "Import a CSV/XLSX file of any size (all or nothing), e.g. import_records lead a.csv"

    def add_arguments(self, parser):
        parser.add_argument("model", choices=sorted(RESOURCES_BY_MODEL))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate; write nothing.")
        parser.add_argument("--user", help="Email of the user the import runs as.")

    def handle(self, *args, model, file, dry_run, user, **options):
        resource_class = RESOURCES_BY_MODEL[model]
        importer = self._user(user, resource_class) if user else None
        dataset = self._read(file)
        progress = tqdm(
            total=len(dataset), unit="row", file=self.stderr._out, disable=options["verbosity"] < 1
        )
        with progress:
            resource = with_row_hook(resource_class, lambda *row: progress.update(1))()
            result = import_all_or_nothing(
                resource, dataset, user=importer, file_name=file.name, dry_run=dry_run
            )
        errors = row_errors(result)
        failed = bool(errors)
        verb = "Nothing was imported" if failed else ("Dry run" if dry_run else "Imported")
        new, update, skip = totals(result)
        failed_rows = len({number for number, _ in errors})
        self.stdout.write(
            SUMMARY.format(verb=verb, new=new, update=update, skip=skip, errors=failed_rows)
        )
        for number, message in errors[:SHOWN_ERRORS]:
            self.stderr.write(f"Row {file_line(number)}: {message}" if number else message)
        if len(errors) > SHOWN_ERRORS:
            self.stderr.write(f"… and {len(errors) - SHOWN_ERRORS} more.")
        if failed:
            raise CommandError("The file has errors; nothing was written.")

    def _user(self, email: str, resource_class):
        importer = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if importer is None:
            raise CommandError(UNKNOWN_USER.format(email=email))
        meta = resource_class._meta.model._meta
        if not importer.has_perm(f"{meta.app_label}.import_{meta.model_name}") and not (
            importer.is_admin_role
        ):
            raise CommandError(NO_PERMISSION.format(email=email, plural=meta.verbose_name_plural))
        return importer

    def _read(self, file: Path):
        if file.suffix.lower() not in FORMATS:
            raise CommandError(UNKNOWN_FORMAT.format(file=file))
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            return read_dataset(file.read_bytes(), file.suffix)
        except Exception as exc:  # any parser error is the file's fault, said plainly
            raise CommandError(
                UNREADABLE.format(file=file, format=file.suffix[1:].upper(), error=exc)
            ) from exc
