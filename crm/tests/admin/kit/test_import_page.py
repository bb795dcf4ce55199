"""The import page (issue 23 item 9): "Import accounts", the format taken from the file's
extension, errors numbered by the spreadsheet's own rows, the columns as a list with the
required ones marked, the preview in its own scrolling card, and what happens above the cap."""

import io

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from crm.admin.kit.import_form import UNKNOWN_EXTENSION
from crm.models import ImportJob
from crm.tests.resources.conftest import csv_file

pytestmark = pytest.mark.django_db
HEADER = ["Account Name", "Type", "Billing City"]
IMPORT = reverse("admin:crm_account_import")


def upload(client, file):
    """The upload as a browser sends it now: the file and the hidden resource, no format."""
    return client.post(IMPORT, {"import_file": file, "resource": "0"})


def xlsx(rows, name="accounts.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_the_page_is_titled_with_the_objects_it_imports(sales_client):
    response = sales_client.get(IMPORT)
    assert response.context["title"] == "Import accounts"
    assert '<h1 class="crm-import__title" data-testid="import-title">Import accounts</h1>' in (
        response.content.decode()
    )
    lead_page = sales_client.get(reverse("admin:crm_lead_import"))
    assert lead_page.context["title"] == "Import leads"


def test_there_is_no_format_to_choose_and_the_extension_decides(sales_client):
    page = sales_client.get(IMPORT)
    assert "format" not in page.context["form"].fields
    assert 'accept=".csv,.xlsx"' in page.content.decode()
    from_csv = upload(sales_client, csv_file([["Alpha Co", "Customer", "Denver"]], HEADER))
    assert from_csv.context["result"].totals["new"] == 1
    from_xlsx = upload(sales_client, xlsx([["Beta Co", "Partner", "Austin"]], "B.XLSX"))
    assert from_xlsx.context["result"].totals["new"] == 1
    assert from_xlsx.context["confirm_form"].initial["format"] == "1"  # the XLSX reader


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_clearly(sales_client):
    text = io.BytesIO(b"Account Name\nAlpha Co\n")
    text.name = "accounts.txt"
    response = upload(sales_client, text)
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [
        UNKNOWN_EXTENSION.format(name="accounts.txt")
    ]
    assert response.context.get("result") is None


def test_errors_carry_the_spreadsheet_row_numbers(sales_client):
    rows = [["Alpha Co", "Customr", "Denver"], ["Beta Co", "Customer", "Austin"]]
    rows.append(["Gamma Co", "Vendr", "Boise"])
    response = upload(sales_client, csv_file(rows, HEADER))
    # The first data row sits under the header: it is row 2 of the spreadsheet.
    assert [line for line, _ in response.context["import_errors"]] == [2, 4]
    page = response.content.decode()
    assert '<li data-row="2"><strong>Row 2</strong>: Type: &#x27;Customr&#x27;' in page
    assert '<li data-row="4"><strong>Row 4</strong>: Type: &#x27;Vendr&#x27;' in page
    assert "the header is row 1" in page


def test_the_preview_numbers_rows_like_the_spreadsheet_inside_its_scrolling_card(sales_client):
    rows = [["Alpha Co", "Customer", "Denver"], ["Beta Co", "Partner", "Austin"]]
    response = upload(sales_client, csv_file(rows, HEADER))
    assert [line for line, _ in response.context["preview"]] == [2, 3]
    page = response.content.decode()
    card = page.split('<section class="crm-card crm-import-preview"', 1)[1].split("</section>")[0]
    assert '<div class="crm-import-preview__scroll"' in card and "<table" in card
    assert '<td class="crm-muted">2</td>' in card


def test_the_columns_are_a_list_with_the_required_ones_marked(sales_client):
    response = sales_client.get(IMPORT)
    columns = {c["header"]: c["required"] for c in response.context["import_columns"]}
    assert columns["Account Name"] is True
    assert columns["Billing City"] is False and columns["Owner Email"] is False
    assert "Active" not in columns  # export-only
    page = response.content.decode()
    assert "This importer will import the following fields" not in page
    assert '<ul class="crm-import__column-list">' in page
    assert page.count("<li data-required>") == sum(columns.values())


@override_settings(CRM_IMPORT_MAX_ROWS=10, CRM_IMPORT_MAX_BYTES=4096)
def test_above_the_cap_the_page_says_what_happens_instead(sales_client):
    page = sales_client.get(IMPORT).content.decode()
    assert (
        "Files of up to 10 rows are previewed, then imported. Longer files (up to 4.0\xa0KB) are "
        "checked and imported in the background, all or nothing, with their progress shown "
        "here. Files over 4.0\xa0KB are imported by an administrator with "
        "`python manage.py import_records account &lt;file&gt;` — send them the file."
    ) in page
    rows = [[f"Client {n}", "Customer", "Denver"] for n in range(11)]
    response = upload(sales_client, csv_file(rows, HEADER))
    assert response.status_code == 302 and "?job=" in response.url  # the worker imports it
    ImportJob.objects.update(status="done")  # (it stays queued: the test never commits)
    rows = [[f"Client {n}", "Customer", "Denver"] for n in range(400)]
    (error,) = upload(sales_client, csv_file(rows, HEADER)).context["form"].errors["import_file"]
    assert "Larger files are imported by an administrator with" in error
    assert "send them the file" in error and "ask an administrator" not in error
