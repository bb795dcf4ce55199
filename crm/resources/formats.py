"""File formats for CRM imports and exports: CSV and XLSX with complete formula escaping, a
row cap for uploads through the web page, and a streamed CSV export.

django-import-export's own escaping (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) only drops a
leading "=" — losing data and leaving "+", "-" and "@" cells live. The setting stays on, so the
library calls ``_escape_formulae`` for every export; here that hook prefixes such cells with an
apostrophe (the OWASP "CSV injection" advice), which spreadsheets show as text and
``crm.resources.widgets.text`` strips again on import.

Files are read one row at a time (the csv module; openpyxl in read-only mode) into a dataset of
rows already fitted to the header's width. tablib re-validates every earlier row each time a row
of another width is appended, so 12,000 blank spreadsheet rows used to take 20 s; and the web
import's row cap and time budget are checked while reading, so an upload of 200,000 blank rows
is refused after the first few thousand instead of being parsed whole."""

import csv
import io
import re
import time
from collections.abc import Iterable, Iterator, Sequence

import openpyxl
import tablib
from django.conf import settings
from import_export.formats import base_formats

from crm.resources.widgets import FORMULA_PREFIXES

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


#: Seconds the web import page may spend reading a file before it refuses it.
READ_SECONDS = 5.0


class TooManyRows(ValueError):
    """A file over the web import's row cap."""

    def __init__(self, limit: int):
        super().__init__(f"More than {limit} rows.")
        self.limit = limit


class ReadTooSlow(ValueError):
    """A file the web import page could not read within its time budget."""

    def __init__(self, seconds: float):
        super().__init__(f"Reading took more than {seconds:g} seconds.")
        self.seconds = seconds


def is_blank(row: Sequence) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def trimmed_header(row: Sequence) -> list:
    """The header without the empty cells a spreadsheet leaves after the last column."""
    header = list(row)
    while header and (header[-1] is None or str(header[-1]).strip() == ""):
        header.pop()
    return header


class StreamedRead:
    """``create_dataset`` row by row. Rows are cut or padded to the header's width (cells
    without a header are never imported). Blank rows are held back and only kept when a
    filled row follows, so row numbers in errors stay those of the file while trailing empty
    rows cost nothing. ``row_limit`` / ``read_seconds`` (None = no limit) are checked on every
    row, so the reading stops as soon as a file is over either."""

    filler: object = None
    read_seconds: float | None = None

    def row_limit(self) -> int | None:
        return None

    def iter_rows(self, in_stream) -> Iterator[Sequence]:
        raise NotImplementedError  # each format says how it reads rows

    def create_dataset(self, in_stream, **kwargs):
        limit, seconds = self.row_limit(), self.read_seconds
        deadline = None if seconds is None else time.monotonic() + seconds
        rows = self.iter_rows(in_stream)
        header = trimmed_header(next(rows, ()))
        width = len(header)
        dataset = tablib.Dataset(headers=header)
        blanks = 0
        for row in rows:
            if deadline is not None and time.monotonic() > deadline:
                raise ReadTooSlow(seconds)
            row = list(row[:width]) + [self.filler] * (width - len(row))
            if is_blank(row):
                blanks += 1
                if limit is not None and blanks > limit:
                    raise TooManyRows(limit)
                continue
            if limit is not None and len(dataset) + blanks + 1 > limit:
                raise TooManyRows(limit)
            for _ in range(blanks):
                dataset.append([self.filler] * width)
            blanks = 0
            dataset.append(row)
        return dataset


def escape_formula(cell):
    """The cell as a spreadsheet will show it but never run it (numbers stay numbers)."""
    dangerous = isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)
    return "'" + cell if dangerous and not _PLAIN_NUMBER.fullmatch(cell) else cell


class EscapedFormulae:
    def _escape_formulae(self, dataset):
        for index, row in enumerate(dataset):
            dataset[index] = [escape_formula(cell) for cell in row]


class CSV(StreamedRead, EscapedFormulae, base_formats.CSV):
    filler = ""

    def iter_rows(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        # Lines with no cell at all are skipped, as tablib did (they were never rows).
        return (row for row in csv.reader(io.StringIO(in_stream)) if row)


class XLSX(StreamedRead, EscapedFormulae, base_formats.XLSX):
    def iter_rows(self, in_stream):
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            sheet = book.active
            # The size the file claims is not trusted: openpyxl would pad every row to it.
            sheet.reset_dimensions()
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()


class RowCap:
    """Refuses files with more data rows than ``CRM_IMPORT_MAX_ROWS`` (read at upload time)
    or that take longer than ``READ_SECONDS`` to read."""

    read_seconds = READ_SECONDS

    def row_limit(self) -> int | None:
        return settings.CRM_IMPORT_MAX_ROWS


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
