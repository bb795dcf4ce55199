"""File formats for CRM imports and exports: CSV and XLSX with complete formula escaping, a
row cap for uploads through the web page, and a streamed CSV export.

django-import-export's own escaping (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) only drops a
leading "=" — losing data and leaving "+", "-" and "@" cells live. The setting stays on, so the
library calls ``_escape_formulae`` for every export; here that hook prefixes such cells with an
apostrophe (the OWASP "CSV injection" advice), which spreadsheets show as text and
``crm.resources.widgets.text`` strips again on import."""

import csv
import re
from collections.abc import Iterable, Iterator

from django.conf import settings
from import_export.formats import base_formats

from crm.resources.widgets import FORMULA_PREFIXES

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


class TooManyRows(ValueError):
    """A file over the web import's row cap."""

    def __init__(self, limit: int):
        super().__init__(f"More than {limit} rows.")
        self.limit = limit


def escape_formula(cell):
    """The cell as a spreadsheet will show it but never run it (numbers stay numbers)."""
    dangerous = isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)
    return "'" + cell if dangerous and not _PLAIN_NUMBER.fullmatch(cell) else cell


class EscapedFormulae:
    def _escape_formulae(self, dataset):
        for index, row in enumerate(dataset):
            dataset[index] = [escape_formula(cell) for cell in row]


class CSV(EscapedFormulae, base_formats.CSV):
    pass


class XLSX(EscapedFormulae, base_formats.XLSX):
    pass


class RowCap:
    """Refuses files with more data rows than ``CRM_IMPORT_MAX_ROWS`` (read at upload time)."""

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        limit = settings.CRM_IMPORT_MAX_ROWS
        if len(dataset) > limit:
            raise TooManyRows(limit)
        return dataset


class WebCSV(RowCap, CSV):
    pass


class WebXLSX(RowCap, XLSX):
    pass


class _Echo:
    def write(self, value):
        return value


def stream_csv(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text line by line (with a BOM so spreadsheets read UTF-8), formulas escaped."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([escape_formula(cell) for cell in row])
