"""Running an import outside the web page, all or nothing: what ``manage.py import_records``
and the worker's big imports (``crm.resources.job_runs``) share, so both read files, import
and report errors the same way.

One transaction for the whole file (``use_transactions``), rolled back if any row fails, even
on a validation error only (``rollback_on_validation_errors``)."""

from collections.abc import Callable

from import_export.results import InvalidRow, RowResult

from crm.resources.formats import CSV, XLSX

FORMATS = {".csv": CSV, ".xlsx": XLSX}


def read_dataset(data: bytes, suffix: str, *, row_limit: int | None = None):
    """The file's rows, e.g. ``read_dataset(raw, ".csv")``; with ``row_limit``, reading stops
    with ``TooManyRows`` past that many rows (no time budget either way)."""
    file_format = FORMATS[suffix.lower()]
    reader = file_format(encoding="utf-8-sig") if file_format is CSV else file_format()
    if row_limit is not None:
        reader.row_limit = lambda: row_limit
    return reader.create_dataset(data)


def with_row_hook(resource_class, on_row: Callable[[object, int], None]):
    """The resource without the preview's HTML diff, calling ``on_row(row_result, number)``
    after every row, the failed ones included (a progress bar, a job's progress); ``number``
    is the data row's (1 = the first row under the header)."""

    class Meta:
        skip_html_diff = True

    def import_row(self, row, instance_loader, **kwargs):
        row_result = resource_class.import_row(self, row, instance_loader, **kwargs)
        on_row(row_result, kwargs.get("row_number") or 0)
        return row_result

    attrs = {"Meta": Meta, "import_row": import_row, "__module__": __name__}
    return type(resource_class.__name__, (resource_class,), attrs)


def import_all_or_nothing(resource, dataset, *, user, file_name: str, dry_run: bool = False):
    """Import ``dataset`` in one transaction that any failed row rolls back; the result."""
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
        file_name=file_name,
    )


def row_error_message(row_result) -> str | None:
    """What went wrong with one row, or None if nothing did."""
    if row_result.errors:
        return "; ".join(str(error.error) for error in row_result.errors)
    if row_result.validation_error is not None:
        return invalid_row_message(InvalidRow(0, row_result.validation_error, ()))
    return None


def invalid_row_message(row: InvalidRow) -> str:
    """ "Column: message; Column: message" for a row that failed validation."""
    parts = [f"{label}: {' '.join(msgs)}" for label, msgs in row.field_specific_errors.items()]
    parts.extend(str(message) for message in row.non_field_specific_errors)
    return "; ".join(parts)


def row_errors(result) -> list[tuple[int, str]]:
    """(row number, message) for every failed row, in file order (0: the whole file)."""
    errors = [(0, str(error.error)) for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.extend((number, str(error.error)) for error in row_errors)
    errors.extend((row.number, invalid_row_message(row)) for row in result.invalid_rows)
    return sorted(errors, key=lambda error: error[0])


def totals(result) -> tuple[int, int, int]:
    """(new, updated, unchanged) rows of a result."""
    return (
        result.totals[RowResult.IMPORT_TYPE_NEW],
        result.totals[RowResult.IMPORT_TYPE_UPDATE],
        result.totals[RowResult.IMPORT_TYPE_SKIP],
    )
