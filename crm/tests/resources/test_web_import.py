"""The web import page stays fast and small: a size cap with a message naming the limit and
the command, files over the row cap handed to the worker, and a preview of counts, errors and
the first rows only."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.test import override_settings

from crm.models import Account, ImportJob
from crm.tests.resources.conftest import csv_file, preview

pytestmark = pytest.mark.django_db
HEADER = ["Account Name", "Type", "Billing City"]


def accounts(count):
    return [[f"Client {n:05d}", "Customer", "Denver"] for n in range(count)]


def form_errors(response) -> list[str]:
    return response.context["form"].errors["import_file"]


def test_caps_default_to_5000_rows_and_5_mb():
    assert settings.CRM_IMPORT_MAX_ROWS == 5000
    assert settings.CRM_IMPORT_MAX_BYTES == 5 * 1024 * 1024


@override_settings(CRM_IMPORT_MAX_BYTES=2048)
def test_a_file_over_the_size_cap_is_refused_with_the_alternative(sales_client):
    response = preview(sales_client, "account", csv_file(accounts(100), HEADER))
    (error,) = form_errors(response)
    assert "may be at most 2.0\xa0KB" in error
    assert "python manage.py import_records account <file>" in error
    assert response.context.get("result") is None
    assert not Account.objects.exists()


def sent_to_the_worker(response) -> ImportJob:
    """The upload became a queued job (the test's transaction never commits, so it stays
    queued: crm/tests/import_jobs run it)."""
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"?job={job.pk}")
    assert job.status == "queued" and job.object_kind == "account"
    return job


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_a_csv_over_the_row_cap_goes_to_the_worker(sales_client):
    allowed = preview(sales_client, "account", csv_file(accounts(10), HEADER))
    assert allowed.context["result"].totals["new"] == 10
    assert not ImportJob.objects.exists()
    job = sent_to_the_worker(preview(sales_client, "account", csv_file(accounts(11), HEADER)))
    assert job.file_format == "csv"
    assert not Account.objects.exists()


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_an_xlsx_over_the_row_cap_goes_to_the_worker(sales_client):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in accounts(11):
        book.active.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "accounts.xlsx"
    job = sent_to_the_worker(preview(sales_client, "account", upload, fmt=1))
    assert (job.file_format, job.file_name) == ("xlsx", "accounts.xlsx")


def test_preview_shows_counts_every_error_and_only_the_first_100_rows(sales_client):
    rows = accounts(2000)
    rows[150][1] = "Customr"
    rows[1900][1] = "Vendr"
    response = preview(sales_client, "account", csv_file(rows, HEADER))
    page = response.content.decode()
    assert 'data-count="new">1998<' in page and 'data-count="error">2<' in page
    # rows[150] is the 151st data row: row 152 of the spreadsheet (the header is row 1).
    assert "<strong>Row 152</strong>: Type: &#x27;Customr&#x27; is not a valid" in page
    assert "<strong>Row 1902</strong>: Type: &#x27;Vendr&#x27;" in page
    assert "First 100 of 1998 rows to import" in page
    assert page.count('<tr class="data-row') == 100
    assert len(response.content) < 400_000  # was 6.4 MB for 2,000 rows
    assert not Account.objects.exists()


def test_the_upload_page_states_the_limits_and_the_command(sales_client):
    from django.urls import reverse

    page = sales_client.get(reverse("admin:crm_lead_import")).content.decode()
    assert "Files of up to 5,000 rows are previewed, then imported." in page
    assert "Longer files (up to 5.0\xa0MB) are checked and imported in the background" in page
    assert "python manage.py import_records lead &lt;file&gt;" in page
