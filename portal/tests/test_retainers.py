"""The retainer report page: access, filters, the rolling window it opens on, coloured cells
(✓ for paid, the amount due elsewhere) and their links, the Overdue accounts panel, CSV
export of what is shown, bad input, and a pinned query count."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.services.payments import log_payment
from crm.tests.factories import AccountFactory, ContractFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/portal/retainers/"
# The shell's reads and the five data stamps (payments, contracts, accounts, invoices,
# reminders); when recomputed, the grid's two queries and the Overdue panel's invoices.
PINNED_CACHED, PINNED_FRESH = 8, 11


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
    response = sales_client.get(URL, {"year": book["year"]})
    html = response.content.decode()
    assert response.status_code == 200
    mine = book["mine"]
    jan = next(r for r in response.context["rows"] if r["account"] == "=Acme Retainers")["cells"]
    assert jan[0]["state"] == "paid" and jan[0]["text"] == "✓"
    assert jan[0]["title"] == f"Jan {book['year']}: paid $1,000.00"
    assert jan[0]["url"].endswith(f"?account={mine.account_id}&period={book['year']}-01")
    assert jan[1]["url"] == reverse("admin:crm_contract_change", args=[mine.pk])
    assert "retainers__cell--paid" in html and "Overdue accounts" in html
    if timezone.localdate() >= datetime.date(book["year"], 2, 16):
        assert jan[1]["state"] == "overdue"
        assert 'data-overdue-account="=Acme Retainers"' in html
    for label in ("Paid", "Partial", "Overdue", "Upcoming"):
        assert label in html


def test_owner_filter_and_year_selector(sales_client, book):
    year = book["year"]
    mine = sales_client.get(URL, {"owner": "mine", "year": year}).context["rows"]
    assert [r["account"] for r in mine] == ["=Acme Retainers"]
    everyone = sales_client.get(URL, {"owner": "all", "year": year}).context["rows"]
    assert [r["account"] for r in everyone] == ["=Acme Retainers", "Zeta Hosting"]
    earlier = sales_client.get(URL, {"year": book["year"] - 3})
    assert earlier.context["rows"] == [] and "No retainer payments" in earlier.content.decode()


def test_bad_input_is_explained_not_a_500(sales_client, book):
    response = sales_client.get(URL, {"year": "20x6", "owner": "nobody"})
    assert response.status_code == 200
    assert "20x6&#x27; is not a year; showing" in response.content.decode()
    assert response.context["filters"].owner == "all"


def test_csv_exports_exactly_what_is_shown(sales_client, book):
    response = sales_client.get(URL, {"owner": "mine", "format": "csv", "year": book["year"]})
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
        cache.clear()  # the grid itself, not the cached page parts
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
    year = {"year": book["year"]}
    first = sales_client.get(URL, year)
    assert len(first.context["rows"]) == ROWS_PER_PAGE
    assert first.context["paging"]["count"] == 2 and "Page 1 of 2" in first.content.decode()
    second = sales_client.get(URL, {"page": "2", **year})
    assert len(second.context["rows"]) == 2
    assert sales_client.get(URL, {"page": "abc", **year}).context["paging"]["number"] == 1
    assert sales_client.get(URL, {"page": "99", **year}).context["paging"]["number"] == 2
    expected = sum(1000 * 12 for _ in range(ROWS_PER_PAGE + 1)) + 2400
    usd = first.context["totals"][0]["total"]
    assert usd == {"paid": "$1,000.00", "of": f"of ${expected:,.2f}"}
    csv_rows = sales_client.get(URL, {"format": "csv", **year}).content.decode().splitlines()
    assert len(csv_rows) == 1 + ROWS_PER_PAGE + 2 + 1  # header, every account, totals


TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def december(monkeypatch, crm_admin):
    """Today is 2026-12-04: a monthly $1,000 contract since January 2026 (two years) with
    $400 paid for February and everything else unpaid; a EUR one paid for March."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    contract = ContractFactory(
        account=AccountFactory(name="Acme Retainers"),
        start_date=datetime.date(2026, 1, 1),
        term_months=24,
        price="1000",
    )
    euro = ContractFactory(
        account=AccountFactory(name="Bravo GmbH"),
        start_date=datetime.date(2026, 3, 1),
        term_months=12,
        price="500",
        currency="EUR",
    )
    for target, amount, month in ((contract, "400", 2), (euro, "500", 3)):
        log_payment(
            user=crm_admin,
            contract=target,
            amount=amount,
            payment_date=datetime.date(2026, month, 20),
            payment_method="bank_transfer",
            service_period_start=datetime.date(2026, month, 1),
            service_period_end=datetime.date(2026, month, 28),
        )
    return contract


def test_opens_on_the_twelve_months_ending_with_next_month(sales_client, december):
    response = sales_client.get(URL)
    html = response.content.decode()
    months = ["Feb 2026", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert response.context["months"] == [*months, "Jan 2027"]
    assert "Showing Feb 2026 – Jan 2027: the rolling 12 months ending next month." in html
    assert '<option value="rolling" selected>Last 12 months</option>' in html
    acme = next(r for r in response.context["rows"] if r["account"] == "Acme Retainers")
    assert [c["month"] for c in acme["cells"]][::11] == ["Feb 2026", "Jan 2027"]
    assert acme["cells"][-1]["state"] == "upcoming"  # January 2027 is in the window
    # ?year= keeps the calendar year
    year = sales_client.get(URL, {"year": "2026"})
    assert year.context["months"][0] == "Jan 2026" and year.context["months"][-1] == "Dec"
    assert 'Retainer report <span class="retainers__window" data-window>Jan – Dec 2026' in (
        year.content.decode()
    )


def test_paid_is_a_tick_and_other_cells_show_the_amount_due_with_currency(sales_client, december):
    response = sales_client.get(URL)
    rows = {r["account"]: r for r in response.context["rows"]}
    feb, mar, dec = (rows["Acme Retainers"]["cells"][i] for i in (0, 1, 10))
    assert (feb["state"], feb["text"]) == ("partial", "$600.00")
    assert feb["title"] == "Feb 2026: partial, $400.00 of $1,000.00 paid, $600.00 due"
    assert (mar["state"], mar["text"]) == ("overdue", "$1,000.00")
    assert mar["title"] == "Mar 2026: overdue, $1,000.00 due since 16 Mar 2026"
    assert (dec["state"], dec["text"]) == ("upcoming", "$1,000.00")
    euro_march = rows["Bravo GmbH"]["cells"][1]
    assert (euro_march["state"], euro_march["text"]) == ("paid", "✓")
    html = response.content.decode()
    assert 'title="Mar 2026: paid €500.00"' in html and ">✓</a>" in html
    assert "650.00 / 650.00" not in html and "1,000.00 / 1,000.00" not in html
    overdue = {r["account"]: r for r in response.context["overdue"]}
    # Feb's $600 + Mar–Nov (January is before the window)
    assert overdue["Acme Retainers"]["overdue_amount"] == "$9,600.00"


def test_the_report_query_count_is_pinned(sales_client, december, django_assert_num_queries):
    sales_client.get(URL, {"year": "2025"})  # the session's and permissions' first reads
    with django_assert_num_queries(PINNED_FRESH):
        assert sales_client.get(URL).status_code == 200
    with django_assert_num_queries(PINNED_CACHED):  # nothing changed: the grid is not re-read
        assert sales_client.get(URL).status_code == 200
    for _ in range(5):
        ContractFactory(start_date=datetime.date(2026, 1, 1))
    with django_assert_num_queries(PINNED_FRESH):  # a write: recomputed, same count
        response = sales_client.get(URL)
    assert response.context["row_count"] == 7
