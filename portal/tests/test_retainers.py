"""The retainer report page: access, filters, coloured cells and their links, the Overdue
accounts panel, CSV export of what is shown, bad input, and a pinned query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.services.payments import log_payment
from crm.tests.factories import AccountFactory, ContractFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/portal/retainers/"


@pytest.fixture
def book(crm_admin, sales_user):
    """This year: a monthly contract from January paid for January only (later months
    overdue once their grace has passed), and another owner's contract fully unpaid."""
    year = timezone.localdate().year
    mine = ContractFactory(
        owner=sales_user,
        account=AccountFactory(name="=Acme Retainers", owner=sales_user),
        start_date=datetime.date(year, 1, 1),
        price="1000",
    )
    log_payment(
        user=crm_admin,
        contract=mine,
        amount="1000",
        payment_date=datetime.date(year, 1, 5),
        payment_method="bank_transfer",
        service_period_start=datetime.date(year, 1, 1),
        service_period_end=datetime.date(year, 1, 31),
    )
    other = UserFactory()
    theirs = ContractFactory(
        owner=other,
        account=AccountFactory(name="Zeta Hosting", owner=other),
        start_date=datetime.date(year, 1, 1),
        billing_cycle="annually",
        price="2400",
    )
    return {"mine": mine, "theirs": theirs, "year": year}


def test_the_report_needs_a_signed_in_user(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


def test_sidebar_url_name_resolves():
    assert reverse("portal:retainers") == URL


def test_cells_link_to_payments_or_the_contract_and_overdue_panel(sales_client, book):
    response = sales_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    mine = book["mine"]
    jan = next(r for r in response.context["rows"] if r["account"] == "=Acme Retainers")["cells"]
    assert jan[0]["state"] == "paid" and jan[0]["text"] == "1,000.00 / 1,000.00"
    assert jan[0]["url"].endswith(f"?account={mine.account_id}&period={book['year']}-01")
    assert jan[1]["url"] == reverse("admin:crm_contract_change", args=[mine.pk])
    assert "retainers__cell--paid" in html and "Overdue accounts" in html
    if timezone.localdate() >= datetime.date(book["year"], 2, 16):
        assert jan[1]["state"] == "overdue"
        assert 'data-overdue-account="=Acme Retainers"' in html
    for label in ("Paid", "Partial", "Overdue", "Upcoming"):
        assert label in html


def test_owner_filter_and_year_selector(sales_client, book):
    mine = sales_client.get(URL, {"owner": "mine"}).context["rows"]
    assert [r["account"] for r in mine] == ["=Acme Retainers"]
    everyone = sales_client.get(URL, {"owner": "all"}).context["rows"]
    assert [r["account"] for r in everyone] == ["=Acme Retainers", "Zeta Hosting"]
    earlier = sales_client.get(URL, {"year": book["year"] - 3})
    assert earlier.context["rows"] == [] and "No retainer payments" in earlier.content.decode()


def test_bad_input_is_explained_not_a_500(sales_client, book):
    response = sales_client.get(URL, {"year": "20x6", "owner": "nobody"})
    assert response.status_code == 200
    assert "20x6&#x27; is not a year; showing" in response.content.decode()
    assert response.context["filters"].owner == "all"


def test_csv_exports_exactly_what_is_shown(sales_client, book):
    response = sales_client.get(URL, {"owner": "mine", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Account,Currency,Jan ")
    assert lines[1].startswith('\'=Acme Retainers,USD,"1,000.00 / 1,000.00 paid"')
    assert lines[-1].startswith("Total USD,USD,")
    assert len(lines) == 3  # header, my one account, the USD totals


def test_no_inline_scripts(sales_client, book):
    html = sales_client.get(URL).content.decode()
    assert "<script>" not in html and "onchange=" not in html


def test_query_count_does_not_grow_with_accounts(sales_client, book, sales_user):
    sales_client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sales_client.get(URL).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        ContractFactory(owner=sales_user, start_date=datetime.date(book["year"], 1, 1))
    assert count() == few


def test_the_grid_pages_fifty_accounts_but_totals_cover_all(sales_client, sales_user, book):
    from portal.views.retainers import ROWS_PER_PAGE

    for _ in range(ROWS_PER_PAGE):
        ContractFactory(owner=sales_user, start_date=datetime.date(book["year"], 1, 1))
    first = sales_client.get(URL)
    assert len(first.context["rows"]) == ROWS_PER_PAGE
    assert first.context["paging"]["count"] == 2 and "Page 1 of 2" in first.content.decode()
    second = sales_client.get(URL, {"page": "2"})
    assert len(second.context["rows"]) == 2
    assert sales_client.get(URL, {"page": "abc"}).context["paging"]["number"] == 1
    assert sales_client.get(URL, {"page": "99"}).context["paging"]["number"] == 2
    expected = sum(1000 * 12 for _ in range(ROWS_PER_PAGE + 1)) + 2400
    usd = first.context["totals"][0]["total"]
    assert usd.endswith(f"{expected:,.2f}")
    csv_rows = sales_client.get(URL, {"format": "csv"}).content.decode().splitlines()
    assert len(csv_rows) == 1 + ROWS_PER_PAGE + 2 + 1  # header, every account, totals
