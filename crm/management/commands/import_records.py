"""Import a CSV or XLSX file of any size with the same resources, validation and
all-or-nothing transaction as the web import page, which caps files for the sake of the worker
timeout (``CRM_IMPORT_MAX_ROWS`` / ``CRM_IMPORT_MAX_BYTES``).

    python manage.py import_records lead leads.csv --user ana@agency.example [--dry-run]

With ``--user`` the import runs as that user: new records default to them as owner, history
names them, and a sales user may not name another owner. Without it the import runs with admin
rights and every new row must name its owner."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from import_export.results import RowResult
from tqdm import tqdm

from crm.models import User
from crm.resources import RESOURCES_BY_MODEL
from crm.resources.base import file_line
from crm.resources.formats import CSV, XLSX

FORMATS = {".csv": CSV, ".xlsx": XLSX}
SHOWN_ERRORS = 20
UNKNOWN_FORMAT = "Cannot tell the format of '{file}': use a .csv or .xlsx file."
UNREADABLE = "Cannot read '{file}' as {format}: {error}"
UNKNOWN_USER = "No active user has the email address '{email}'."
NO_PERMISSION = "{email} may not import {plural} (missing the import permission)."
SUMMARY = "{verb}: {new} created, {update} updated, {skip} unchanged, {errors} with errors."


def command_resource(resource_class, progress):
    """The resource without the preview's HTML diff, ticking ``progress`` once a row."""

    class Meta:
        skip_html_diff = True

    def after_import_row(self, row, row_result, **kwargs):
        resource_class.after_import_row(self, row, row_result, **kwargs)
        progress.update(1)

    attrs = {"Meta": Meta, "after_import_row": after_import_row, "__module__": __name__}
    return type(resource_class.__name__, (resource_class,), attrs)


def row_errors(result) -> list[tuple[int, str]]:
    """(row number, message) for every failed row, in file order."""
    errors = [(0, str(error.error)) for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.extend((number, str(error.error)) for error in row_errors)
    for row in result.invalid_rows:
        fields = row.field_specific_errors.items()
        parts = [f"{label}: {' '.join(messages)}" for label, messages in fields]
        parts.extend(row.non_field_specific_errors)
        errors.append((row.number, "; ".join(parts)))
    return sorted(errors, key=lambda error: error[0])


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
            resource = command_resource(resource_class, progress)()
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                user=importer,
                file_name=file.name,
            )
        errors = row_errors(result)
        failed = bool(errors)
        verb = "Nothing was imported" if failed else ("Dry run" if dry_run else "Imported")
        self.stdout.write(
            SUMMARY.format(
                verb=verb,
                new=result.totals[RowResult.IMPORT_TYPE_NEW],
                update=result.totals[RowResult.IMPORT_TYPE_UPDATE],
                skip=result.totals[RowResult.IMPORT_TYPE_SKIP],
                errors=len({number for number, _ in errors}),
            )
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
        file_format = FORMATS.get(file.suffix.lower())
        if file_format is None:
            raise CommandError(UNKNOWN_FORMAT.format(file=file))
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            if file_format is CSV:
                return file_format(encoding="utf-8-sig").create_dataset(file.read_bytes())
            return file_format().create_dataset(file.read_bytes())
        except Exception as exc:  # any parser error is the file's fault, said plainly
            raise CommandError(
                UNREADABLE.format(file=file, format=file.suffix[1:].upper(), error=exc)
            ) from exc
