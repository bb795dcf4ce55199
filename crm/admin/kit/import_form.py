"""The import page's upload form and what it shows about a file: the format taken from the
file's extension (no format list to get wrong), the size cap checked before anything reads the
file, the columns the import takes with the required ones marked, and errors numbered by the
spreadsheet's own rows (the header is row 1, the first data row is row 2)."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import filesizeformat
from unfold.contrib.import_export.forms import ImportForm

from crm.resources.base import file_line

ALTERNATIVE = (
    "Larger files are imported by an administrator with "
    "`python manage.py import_records {model} <file>`: send them the file (or split it into "
    "smaller files)."
)
FILE_TOO_BIG = "This file is {size}; files imported through this page may be at most {limit}. "
OWNER_HINT = "A user's email; leave it empty and new records are yours."
UNKNOWN_EXTENSION = (
    "Choose a .csv or .xlsx file (Excel: File → Save As → Excel Workbook or CSV); "
    "'{name}' is neither."
)


def failed_rows(result) -> list[int]:
    """Spreadsheet row numbers (the header is row 1) of every row that failed, in file order."""
    numbers = {row.number for row in result.error_rows}
    numbers.update(row.number for row in result.invalid_rows)
    return [file_line(number) for number in sorted(numbers)]


def errors_by_line(result) -> list[tuple[int | None, str]]:
    """(spreadsheet row number or None for the whole file, message) of every error, in file
    order; a row's field errors read "Column: message; Column: message"."""
    errors: list[tuple[int | None, str]] = [(None, str(e.error)) for e in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.extend((file_line(number), str(error.error)) for error in row_errors)
    for row in result.invalid_rows:
        parts = [f"{label}: {' '.join(msgs)}" for label, msgs in row.field_specific_errors.items()]
        parts.extend(str(message) for message in row.non_field_specific_errors)
        errors.append((file_line(row.number), "; ".join(parts)))
    return sorted(errors, key=lambda error: error[0] or 0)


def preview(result, *, numbered: bool, limit: int = 100) -> list[tuple[int | None, object]]:
    """The first ``limit`` rows to import as (spreadsheet row number, row result). The number is
    the row's place in ``result.rows``, which holds every row of the file only when the resource
    reports skipped rows too (every CRM resource does); otherwise it is left out (None)."""
    rows = []
    for index, row in enumerate(result.rows):
        if row.import_type in row.valid_import_types:
            rows.append((file_line(index + 1) if numbered else None, row))
            if len(rows) == limit:
                break
    return rows


def import_columns(resource_class, model) -> list[dict]:
    """The columns an import takes, in file order: header, whether it must be filled for a new
    record (the model field is required and has no default), and the field's help text."""
    columns = []
    for field in resource_class().get_user_visible_fields():
        if getattr(field, "readonly", False):
            continue  # export-only (e.g. Active): the import ignores it
        required, hint = False, ""
        try:
            model_field = model._meta.get_field(field.attribute or "")
        except FieldDoesNotExist:
            model_field = None
        if field.attribute == "owner":  # crm.resources.base: blank means the importing user
            hint = OWNER_HINT
        elif model_field is not None and getattr(model_field, "concrete", False):
            required = not model_field.blank and not model_field.has_default()
            hint = str(model_field.help_text or "")
        columns.append({"header": field.column_name, "required": required, "hint": hint})
    return columns


class CappedImportForm(ImportForm):
    """The upload: refuses a file over ``CRM_IMPORT_MAX_BYTES`` before anything reads it, and
    takes the format from the file's extension (the form has no format field)."""

    model_name = "<model>"
    #: Set by the admin when a big import of the kind is running (no second import meanwhile).
    busy_message = ""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = list(formats)
        del self.fields["format"]
        self.fields["import_file"].help_text = "A .csv or .xlsx file (Excel's first sheet)."
        self.fields["import_file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in self.extensions()
        )

    def extensions(self) -> list[str]:
        return [file_format().get_extension().lower() for file_format in self.import_formats]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None:
            extension = PurePath(upload.name or "").suffix.lstrip(".").lower()
            if extension in self.extensions():
                # import-export reads the chosen format as an index into its format list.
                cleaned["format"] = str(self.extensions().index(extension))
            else:
                self.add_error("import_file", UNKNOWN_EXTENSION.format(name=upload.name))
        if self.busy_message:
            self.add_error("import_file", self.busy_message)
        return cleaned

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.CRM_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                FILE_TOO_BIG.format(size=filesizeformat(upload.size), limit=filesizeformat(limit))
                + ALTERNATIVE.format(model=self.model_name)
            )
        return upload
