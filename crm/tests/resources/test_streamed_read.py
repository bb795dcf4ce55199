"""The web import counts rows while reading: the page stops reading a file over the row cap
after the first rows past it, however many blank or filled rows follow, and hands it to the
worker (issue 26); so does a file that takes too long to read. The tests count the rows read
(not the seconds taken, which depend on how busy the machine is)."""

import io

import openpyxl
import pytest
from django.conf import settings

from crm.models import Account, ImportJob
from crm.resources.formats import CSV, XLSX, WebCSV, WebXLSX
from crm.tests.resources.conftest import csv_file, preview

pytestmark = pytest.mark.django_db
HEADER = ["Account Name", "Type", "Billing City"]


def xlsx_file(rows, header=HEADER) -> io.BytesIO:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "accounts.xlsx"
    return upload


@pytest.fixture
def rows_read(monkeypatch) -> list[int]:
    """How many rows (header included) each upload's reading pulled from its file."""
    counts = []
    for reader in (CSV, XLSX):
        monkeypatch.setattr(reader, "iter_rows", _counted(reader.iter_rows, counts))
    return counts


def _counted(iter_rows, counts: list[int]):
    def counting(self, in_stream):
        counts.append(0)
        for row in iter_rows(self, in_stream):
            counts[-1] += 1
            yield row

    return counting


def sent_to_worker(client, upload, fmt: int, rows_read: list[int]) -> bool:
    """The page stopped reading at the cap (header, the cap's rows and the one past it, at
    most) and queued the file for the worker (the test's transaction never commits, so the
    job stays queued and nothing is imported)."""
    response = preview(client, "account", upload, fmt=fmt)
    assert rows_read and rows_read[-1] <= settings.CRM_IMPORT_MAX_ROWS + 2, rows_read
    assert not Account.objects.exists()
    job = ImportJob.objects.order_by("-pk").first()
    ImportJob.objects.update(status="done")  # the next upload of accounts may start
    return response.status_code == 302 and response.url.endswith(f"?job={job.pk}")


def filled(count):
    return ([f"Client {n:05d}", "Customer", "Denver"] for n in range(count))


def test_xlsx_of_200k_blank_rows_goes_to_the_worker_at_the_cap(sales_client, rows_read):
    upload = xlsx_file([] for _ in range(200_000))
    assert sent_to_worker(sales_client, upload, 1, rows_read)


def test_xlsx_of_12k_blank_cells_rows_goes_to_the_worker(sales_client, rows_read):
    upload = xlsx_file([None, None, None] for _ in range(12_000))
    assert sent_to_worker(sales_client, upload, 1, rows_read)


def test_xlsx_of_12k_filled_rows_goes_to_the_worker(sales_client, rows_read):
    assert sent_to_worker(sales_client, xlsx_file(filled(12_000)), 1, rows_read)


def test_csv_of_200k_blank_lines_and_of_12k_rows_go_to_the_worker(sales_client, rows_read):
    blank = io.BytesIO(("Account Name,Type\n" + ",\n" * 200_000).encode())
    blank.name = "accounts.csv"
    assert sent_to_worker(sales_client, blank, 0, rows_read)
    assert sent_to_worker(sales_client, csv_file(filled(12_000), HEADER), 0, rows_read)


def test_a_file_too_slow_to_read_goes_to_the_worker_too(sales_client, monkeypatch, rows_read):
    monkeypatch.setattr(WebCSV, "read_seconds", 0.0)
    assert sent_to_worker(sales_client, csv_file(filled(3), HEADER), 0, rows_read)


def test_normal_files_still_import_with_blank_rows_kept_in_place(sales_client):
    rows = [["Alpha Co", "Customer", "Denver"], [], ["Beta Co", "Partner", "Austin"], [], []]
    result = preview(sales_client, "account", xlsx_file(rows), fmt=1).context["result"]
    # The blank row between two filled ones is still row 2 (an error: no name), trailing
    # blank rows are dropped, so row numbers match the spreadsheet.
    assert [row.number for row in result.invalid_rows] == [2]
    result = preview(sales_client, "account", csv_file(filled(40), HEADER)).context["result"]
    assert result.totals["new"] == 40


def test_rows_are_fitted_to_the_header_and_uncapped_for_the_command():
    data = "A,B\n1\n2,3,4\n\n" + "5,6\n" * 6000
    dataset = CSV(encoding="utf-8").create_dataset(data.encode())
    assert dataset.headers == ["A", "B"]
    assert dataset[0] == ("1", "") and dataset[1] == ("2", "3")
    assert len(dataset) == 6002  # the empty line is skipped; no cap without the web page
    book = xlsx_file([["x", 1, None, "no header"], [None] * 5], header=["A", "B", None, None])
    dataset = XLSX().create_dataset(book.getvalue())
    assert dataset.headers == ["A", "B"] and list(dataset) == [("x", 1)]
    with pytest.raises(ValueError, match="More than 5000 rows"):
        WebXLSX().create_dataset(xlsx_file(filled(5001)).getvalue())
