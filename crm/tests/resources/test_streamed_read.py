"""The web import counts rows while reading: a file over the row cap is refused after the
first rows past it, however many blank or filled rows follow, and a file that takes too long
to read is refused with its own message. Elapsed-time asserts are guards, not benchmarks."""

import io
import time

import openpyxl
import pytest

from crm.models import Account
from crm.resources.formats import CSV, XLSX, WebCSV, WebXLSX
from crm.tests.resources.conftest import csv_file, preview

pytestmark = pytest.mark.django_db
HEADER = ["Account Name", "Type", "Billing City"]
CAP_MESSAGE = "This file has more than 5,000 rows, the most this page imports at once."


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


def refused_quickly(client, upload, fmt: int) -> str:
    started = time.monotonic()
    response = preview(client, "account", upload, fmt=fmt)
    elapsed = time.monotonic() - started
    (error,) = response.context["form"].errors["import_file"]
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert not Account.objects.exists()
    return error


def filled(count):
    return ([f"Client {n:05d}", "Customer", "Denver"] for n in range(count))


def test_xlsx_of_200k_blank_rows_is_refused_at_the_cap_in_seconds(sales_client):
    upload = xlsx_file([] for _ in range(200_000))
    assert CAP_MESSAGE in refused_quickly(sales_client, upload, fmt=1)


def test_xlsx_of_12k_blank_cells_rows_is_refused_in_seconds(sales_client):
    upload = xlsx_file([None, None, None] for _ in range(12_000))
    assert CAP_MESSAGE in refused_quickly(sales_client, upload, fmt=1)


def test_xlsx_of_12k_filled_rows_is_refused_in_seconds(sales_client):
    assert CAP_MESSAGE in refused_quickly(sales_client, xlsx_file(filled(12_000)), fmt=1)


def test_csv_of_200k_blank_lines_and_of_12k_rows_are_refused_in_seconds(sales_client):
    blank = io.BytesIO(("Account Name,Type\n" + ",\n" * 200_000).encode())
    blank.name = "accounts.csv"
    assert CAP_MESSAGE in refused_quickly(sales_client, blank, fmt=0)
    assert CAP_MESSAGE in refused_quickly(sales_client, csv_file(filled(12_000), HEADER), fmt=0)


def test_a_file_too_slow_to_read_is_refused_with_its_own_message(sales_client, monkeypatch):
    monkeypatch.setattr(WebCSV, "read_seconds", 0.0)
    error = refused_quickly(sales_client, csv_file(filled(3), HEADER), fmt=0)
    assert error.startswith("This file took more than 0 seconds to read")
    assert "import_records account" in error


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
