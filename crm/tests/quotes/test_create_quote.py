""" "Create Quote" on an opportunity (dates, no products, stale page, closed deal), the add
form through the service, the Quotes related lists and the opportunity page's query budget."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.models import Quote, Stage
from crm.services import quotes as services
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    LineItemFactory,
    OpportunityFactory,
    QuoteFactory,
)
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db
QUOTES = "/crm/quote/"
OPPS = "/crm/opportunity/"
# Session, user, permissions, the rows with their annotated totals, the filters' choices …
QUOTE_LIST_QUERIES = 8
# … the record (with its total), highlights, path, two queries per card, the history rows.
QUOTE_PAGE_QUERIES = 15  # with the Activity tab


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
def test_create_quote_from_the_opportunity_page(sales_client, sales_user, deal):
    page = sales_client.get(f"{OPPS}{deal.pk}/change/").content.decode()
    assert f"{OPPS}{deal.pk}/create-quote/" in page
    confirm = sales_client.get(f"{OPPS}{deal.pk}/create-quote/").content.decode()
    assert "Its products are copied" in confirm and "Quote name" in confirm
    url = f"{OPPS}{deal.pk}/create-quote/"
    data = {"version": deal.version, "name": "Bakery — phase 1", "expiration_date": ""}
    response = sales_client.post(url, with_once(sales_client, url, data), follow=True)
    quote = Quote.objects.get()
    assert response.redirect_chain[-1][0] == f"{QUOTES}{quote.pk}/change/"
    assert f"Quote '{quote}' was created." in texts(response)
    assert quote.name == "Bakery — phase 1" and quote.line_items.count() == 1


def test_create_quote_with_a_bad_date_keeps_the_form(sales_client, sales_user, deal):
    response = sales_client.post(
        f"{OPPS}{deal.pk}/create-quote/", {"version": deal.version, "expiration_date": "soon"}
    )
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    url = f"{OPPS}{deal.pk}/create-quote/"
    data = {"version": deal.version, "expiration_date": "2001-01-01"}
    response = sales_client.post(url, with_once(sales_client, url, data), follow=True)
    assert any("cannot be in the past" in text for text in texts(response))
    assert not Quote.objects.exists()


def test_create_quote_without_products_is_an_error_toast(sales_client, sales_user):
    empty = OpportunityFactory(owner=sales_user)
    url = f"{OPPS}{empty.pk}/create-quote/"
    data = with_once(sales_client, url, {"version": empty.version})
    response = sales_client.post(url, data, follow=True)
    assert any("has no products yet" in text for text in texts(response))
    assert not Quote.objects.exists()


def test_create_quote_with_a_stale_page_changes_nothing(sales_client, sales_user, deal):
    url = f"{OPPS}{deal.pk}/create-quote/"
    data = with_once(sales_client, url, {"version": deal.version + 1})
    response = sales_client.post(url, data, follow=True)
    assert any("modified by another user" in text for text in texts(response))
    assert not Quote.objects.exists()


def test_no_create_quote_on_a_closed_opportunity(sales_client, sales_user, deal):
    change_stage(deal, stage=Stage.CLOSED_WON, user=sales_user)
    assert sales_client.get(f"{OPPS}{deal.pk}/create-quote/").status_code == 403


def test_add_form_creates_the_quote_through_the_service(sales_client, sales_user, deal):
    response = sales_client.post(f"{QUOTES}add/", {"opportunity": deal.pk, "name": ""})
    quote = Quote.objects.get()
    assert response.status_code == 302 and response.url == f"{QUOTES}{quote.pk}/change/"
    assert quote.name == "Bakery website" and quote.owner == sales_user
    assert quote.account_id == deal.account_id and quote.line_items.count() == 1


def test_quotes_related_lists_on_opportunity_and_account(sales_client, sales_user, deal):
    quote = services.create_quote(deal, user=sales_user, name="Listed quote")
    for url in (f"{OPPS}{deal.pk}/change/", f"/crm/account/{deal.account_id}/change/"):
        html = sales_client.get(url + "?tab=related").content.decode()
        assert "Quotes" in html and quote.number in html and "$1,200.00" in html, url


def test_view_all_lists_the_quotes_of_the_opportunity_or_account(sales_client, sales_user, deal):
    mine = services.create_quote(deal, user=sales_user, name="Mine")
    QuoteFactory(name="Someone else's")
    for params in ({"opportunity": deal.pk}, {"account": deal.account_id}):
        response = sales_client.get(QUOTES, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert mine.number in html and "Someone else" not in html, params


def test_opportunity_page_queries_do_not_grow_with_quotes(crm_admin_client, deal, sales_user):
    services.create_quote(deal, user=sales_user)
    url = f"{OPPS}{deal.pk}/change/"
    crm_admin_client.get(url)  # warm the content-type cache
    one = _count_queries(crm_admin_client, url)
    for _ in range(4):
        services.create_quote(deal, user=sales_user)
    assert _count_queries(crm_admin_client, url) == one
