"""The quote screens: list (number, status, total, search by number), record page (highlights,
path, Present / Accept / Deny, Quote Lines card), "Create Quote" on an opportunity, the Quotes
related lists, read-only final quotes and the query budgets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.models import OpportunityLineItem, Quote, QuoteLineItem, QuoteStatus, Stage
from crm.services import quotes as services
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    ContactFactory,
    LineItemFactory,
    OpportunityFactory,
    QuoteFactory,
    QuoteLineItemFactory,
)

pytestmark = pytest.mark.django_db
QUOTES = "/crm/quote/"
OPPS = "/crm/opportunity/"
# Session, user, permissions, the rows with their annotated totals, the filters' choices …
QUOTE_LIST_QUERIES = 8  # + the list views: saved views, remembered view; no full COUNT(*)
# … the record (with its total), highlights, path, two queries per card, the history rows.
QUOTE_PAGE_QUERIES = 10  # Details with the Quote Lines card, the Recently Viewed upsert


def texts(response):
    return [str(m) for m in response.context["messages"]]


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _status(quote, status):
    Quote.objects.filter(pk=quote.pk).update(status=status)
    return Quote.objects.get(pk=quote.pk)


@pytest.fixture
def deal(sales_user):
    opportunity = OpportunityFactory(owner=sales_user, name="Bakery website")
    LineItemFactory(opportunity=opportunity, quantity=Decimal("2"), sale_price=Money("600", "USD"))
    return opportunity


# --- list ---------------------------------------------------------------------------------------
def test_list_shows_number_status_and_total(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user, name="Bakery quote")
    QuoteLineItemFactory(quote=quote, quantity=2, sale_price=Money("250.00", "USD"))
    html = sales_client.get(QUOTES).content.decode()
    assert quote.number in html and "Bakery quote" in html
    assert "$1,500.00" in html and "Draft" in html


def test_list_searches_by_number_and_filters_by_status(sales_client, sales_user):
    wanted = QuoteFactory(owner=sales_user, name="Wanted quote")
    other = _status(QuoteFactory(owner=sales_user, name="Other quote"), QuoteStatus.DENIED)
    for term in (wanted.number, wanted.number.lower(), "Wanted"):
        html = sales_client.get(QUOTES, {"q": term}).content.decode()
        assert "Wanted quote" in html and "Other quote" not in html, term
    html = sales_client.get(QUOTES, {"status": "denied"}).content.decode()
    assert "Other quote" in html and "Wanted quote" not in html
    assert other.number in html


def test_list_queries_do_not_grow_with_rows(crm_admin_client):
    QuoteFactory.create_batch(3)
    three = _count_queries(crm_admin_client, QUOTES)
    QuoteFactory.create_batch(27)
    thirty = _count_queries(crm_admin_client, QUOTES)
    assert three == thirty == QUOTE_LIST_QUERIES


def test_record_page_queries_do_not_grow_with_lines(crm_admin_client):
    quote = QuoteFactory()
    QuoteLineItemFactory.create_batch(2, quote=quote)
    url = f"{QUOTES}{quote.pk}/change/"
    crm_admin_client.get(url)  # warm the per-process caches (content types, …)
    three = _count_queries(crm_admin_client, url)
    QuoteLineItemFactory.create_batch(27, quote=quote)
    thirty = _count_queries(crm_admin_client, url)
    assert three == thirty == QUOTE_PAGE_QUERIES


# --- record page --------------------------------------------------------------------------------
def test_record_page_shows_highlights_path_lines_and_actions(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    html = sales_client.get(f"{QUOTES}{quote.pk}/change/").content.decode()
    assert quote.number in html and "$1,000.00" in html and "Quote Lines" in html
    assert f'formaction="{QUOTES}{quote.pk}/path/presented/"' in html
    assert f"{QUOTES}{quote.pk}/present/" in html and f"{QUOTES}{quote.pk}/accept/" not in html
    assert f"{QUOTES}{quote.pk}/print/" in html
    assert "New Quote Line" in html and "/crm/quotelineitem/" in html


def test_presented_quote_offers_accept_and_deny_but_no_line_changes(sales_client, sales_user):
    quote = _status(QuoteFactory(owner=sales_user), QuoteStatus.PRESENTED)
    html = sales_client.get(f"{QUOTES}{quote.pk}/change/").content.decode()
    assert f"{QUOTES}{quote.pk}/accept/" in html and f"{QUOTES}{quote.pk}/deny/" in html
    assert "New Quote Line" not in html and "/remove/" not in html
    # The decision chevron is not a button: accepting asks first (header action).
    assert f"{QUOTES}{quote.pk}/path/accepted/" not in html


def test_path_presents_but_never_accepts(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    response = sales_client.post(f"{QUOTES}{quote.pk}/path/presented/", {"version": 1})
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.PRESENTED
    response = sales_client.post(f"{QUOTES}{quote.pk}/path/accepted/", {"version": 2})
    assert response.url == f"{QUOTES}{quote.pk}/accept/"  # its confirmation asks first
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.PRESENTED


def test_accept_asks_and_warns_then_replaces_the_deal_products(sales_client, sales_user, deal):
    quote = services.create_quote(deal, user=sales_user)
    line = quote.line_items.get()
    line.quantity = Decimal("5")
    services.save_quote_line(line, user=sales_user)
    services.present_quote(quote, user=sales_user)
    quote.refresh_from_db()
    page = sales_client.get(f"{QUOTES}{quote.pk}/accept/").content.decode()
    assert "products will be replaced" in page
    response = sales_client.post(
        f"{QUOTES}{quote.pk}/accept/", {"version": quote.version}, follow=True
    )
    assert any("was accepted" in text for text in texts(response))
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.ACCEPTED
    assert OpportunityLineItem.objects.get(opportunity=deal).quantity == Decimal("5.00")


def test_no_accept_button_once_another_quote_of_the_deal_is_accepted(
    sales_client, sales_user, deal
):
    first, second = (services.create_quote(deal, user=sales_user) for _ in range(2))
    for quote in (first, second):
        services.present_quote(quote, user=sales_user)
    page = sales_client.get(f"{QUOTES}{second.pk}/change/").content.decode()
    assert f"{QUOTES}{second.pk}/accept/" in page
    services.accept_quote(first, user=sales_user)
    second.refresh_from_db()
    page = sales_client.get(f"{QUOTES}{second.pk}/change/").content.decode()
    assert f"{QUOTES}{second.pk}/accept/" not in page
    assert f"{QUOTES}{second.pk}/deny/" in page
    response = sales_client.post(f"{QUOTES}{second.pk}/accept/", {"version": second.version})
    assert response.status_code == 403
    assert Quote.objects.get(pk=second.pk).status == QuoteStatus.PRESENTED


def test_a_refused_acceptance_is_an_error_toast(sales_client, sales_user, deal):
    quote = services.create_quote(deal, user=sales_user)
    services.present_quote(quote, user=sales_user)
    change_stage(deal, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason="price")
    quote.refresh_from_db()
    response = sales_client.post(
        f"{QUOTES}{quote.pk}/accept/", {"version": quote.version}, follow=True
    )
    assert any("Closed Lost" in text for text in texts(response))
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.PRESENTED


def test_bill_to_contact_of_another_account_is_a_form_error(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    stranger = ContactFactory()
    own = ContactFactory(account=quote.account)
    data = {"name": quote.name, "expiration_date": "", "description": "", "version": quote.version}
    response = sales_client.post(f"{QUOTES}{quote.pk}/change/", {**data, "contact": stranger.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = sales_client.post(f"{QUOTES}{quote.pk}/change/", {**data, "contact": own.pk})
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).contact == own


@pytest.mark.parametrize("status", [QuoteStatus.ACCEPTED, QuoteStatus.DENIED])
def test_final_quotes_are_read_only_in_the_admin(sales_client, sales_user, status):
    quote = _status(QuoteFactory(owner=sales_user, name="Final"), status)
    response = sales_client.get(f"{QUOTES}{quote.pk}/change/")
    assert response.context["has_change_permission"] is False
    response = sales_client.post(
        f"{QUOTES}{quote.pk}/change/", {"name": "Changed", "version": quote.version}
    )
    assert response.status_code == 403
    assert Quote.objects.get(pk=quote.pk).name == "Final"


def test_lines_of_a_presented_quote_cannot_be_edited_or_removed(sales_client, sales_user):
    quote = _status(QuoteFactory(owner=sales_user), QuoteStatus.PRESENTED)
    line = quote.line_items.get()
    url = f"/crm/quotelineitem/{line.pk}/change/"
    response = sales_client.post(url, {"quantity": "9", "product": line.product_id})
    assert response.status_code == 403
    assert sales_client.get(f"/crm/quotelineitem/{line.pk}/remove/").status_code == 403
    response = sales_client.post(
        "/crm/quotelineitem/add/",
        {"quote": quote.pk, "product": line.product_id, "quantity": "1"},
        follow=True,
    )
    assert QuoteLineItem.objects.filter(quote=quote).count() == 1
    assert "only be changed while the quote is a draft" in response.content.decode()


def test_lines_of_a_draft_are_edited_through_the_admin(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    line = quote.line_items.get()
    response = sales_client.post(
        f"/crm/quotelineitem/{line.pk}/change/",
        {
            "quantity": "3",
            "price_amount": "120.00",
            "description": "Pages",
            "version": line.change_marker,
        },
    )
    assert response.status_code == 302 and response.url.endswith(
        f"/crm/quote/{quote.pk}/change/#related"
    )
    line.refresh_from_db()
    assert (line.quantity, line.sale_price, line.description) == (
        Decimal("3.00"),
        Money("120.00", "USD"),
        "Pages",
    )


# --- Create Quote and the related lists ---------------------------------------------------------
