"""CSV exports stream from a chunked queryset: the first rows leave at once and memory stays
flat however long the list is (XLSX is still built in memory)."""

import time
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Account
from crm.tests.factories import ContactFactory
from crm.tests.resources.conftest import body

pytestmark = pytest.mark.django_db
ROWS = 20_000


@pytest.fixture
def many_accounts(sales_user):
    Account.objects.bulk_create(
        Account(name=f"Client {n:05d}", owner=sales_user, billing_city="Denver", type="customer")
        for n in range(ROWS)
    )
    parent = Account.objects.get(name=f"Client {ROWS - 1:05d}")
    Account.objects.filter(name="Client 00000").update(parent=parent)


def test_csv_export_of_20k_rows_streams_first_bytes_fast_with_flat_memory(
    sales_client, many_accounts
):
    started = time.perf_counter()
    response = sales_client.post(reverse("admin:crm_account_export"), {"format": "0"})
    chunks = iter(response.streaming_content)
    header, first_row = next(chunks), next(chunks)
    first_bytes = time.perf_counter() - started
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert header.startswith("\ufeffAccount Name,".encode())
    assert first_bytes < 1.0, f"first row after {first_bytes:.2f}s"

    tracemalloc.start()
    lines, last = 2, b""
    with CaptureQueriesContext(connection) as queries:
        for chunk in chunks:  # consumed, not kept: what a client download does
            lines, last = lines + 1, chunk
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB while streaming"
    assert len(queries) < 20  # chunks of 2,000 records, not one query a row
    assert lines == ROWS + 1
    assert first_row.startswith(b"Client 00001,")
    assert last.startswith(b"Client 00000,")  # the one record with a parent comes last


def test_the_export_follows_the_list_filters(sales_client, sales_user, contact):
    ContactFactory(last_name="Other", email="o@x.example", owner=sales_user)
    url = reverse("admin:crm_contact_export") + "?q=brightside"
    rows = body(sales_client.post(url, {"format": "0"})).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "nia@brightside.example" in rows[1]
