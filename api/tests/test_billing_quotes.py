"""Quotes through the API: made from an opportunity, edited while not final, presented,
accepted or denied by actions; the list and detail in a constant number of queries."""

import pytest

from crm.models import Quote
from crm.models.quotes import QuoteStatus
from crm.services.quotes import ALREADY_ACCEPTED, NO_LINES, present_quote
from crm.tests.factories import (
    LineItemFactory,
    OpportunityFactory,
    QuoteFactory,
    QuoteLineItemFactory,
)

# Every token request: the token, the user's tokens (knox), user and group permissions.
AUTH_QUERIES = 3  # the token with its user, knox's token look-up, the permissions

pytestmark = pytest.mark.django_db


def presented(owner, **kwargs):
    quote = QuoteFactory(opportunity__owner=owner, opportunity__account__owner=owner, **kwargs)
    return present_quote(quote, user=owner, version=quote.version)


def test_create_copies_the_opportunity_products(sales_api, sales_user):
    opportunity = OpportunityFactory(owner=sales_user, account__owner=sales_user)
    LineItemFactory(opportunity=opportunity, sale_price="300.00", quantity=2)
    LineItemFactory(opportunity=opportunity, sale_price="400.00")
    response = sales_api.post("/api/v1/quotes/", {"opportunity": opportunity.pk, "name": "Q1"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["name"] == "Q1"
    assert body["total"] == {"amount": "1000.00", "currency": "USD"}
    assert body["account"] == opportunity.account_id and body["owner"] == sales_user.pk
    assert response["ETag"] == '"1"'
    assert Quote.objects.get(pk=body["id"]).line_items.count() == 2


def test_create_refused_without_products(sales_api, sales_user):
    opportunity = OpportunityFactory(owner=sales_user, account__owner=sales_user)
    response = sales_api.post("/api/v1/quotes/", {"opportunity": opportunity.pk})
    assert response.status_code == 422
    assert response.json()["detail"] == NO_LINES.format(name=opportunity)
    assert not Quote.objects.exists()


def test_list_in_constant_queries_with_filters_and_search(sales_api, sales_user):
    quotes = [QuoteFactory(opportunity__owner=sales_user) for _ in range(4)]
    present_quote(quotes[0], user=sales_user, version=1)
    response = sales_api.get("/api/v1/quotes/")
    assert len(response.json()["results"]) == 4
    first = response.json()["results"][0]
    assert first["total"] == {"amount": "1000.00", "currency": "USD"}
    assert first["number"].startswith("Q-")
    by_status = sales_api.get("/api/v1/quotes/", {"status": "presented"}).json()["results"]
    assert [q["id"] for q in by_status] == [quotes[0].pk]
    by_number = sales_api.get("/api/v1/quotes/", {"search": quotes[2].number}).json()
    assert [q["id"] for q in by_number["results"]] == [quotes[2].pk]
    by_opportunity = sales_api.get("/api/v1/quotes/", {"opportunity": quotes[1].opportunity_id})
    assert [q["id"] for q in by_opportunity.json()["results"]] == [quotes[1].pk]


def test_list_query_count_is_pinned(sales_api, sales_user, django_assert_num_queries):
    for _ in range(3):
        QuoteFactory(opportunity__owner=sales_user)
    with django_assert_num_queries(AUTH_QUERIES + 1):
        assert len(sales_api.get("/api/v1/quotes/").json()["results"]) == 3


def test_detail_nests_lines_in_constant_queries(sales_api, sales_user, django_assert_num_queries):
    quote = QuoteFactory(opportunity__owner=sales_user)
    QuoteLineItemFactory.create_batch(3, quote=quote)
    with django_assert_num_queries(AUTH_QUERIES + 2):
        response = sales_api.get(f"/api/v1/quotes/{quote.pk}/")
    assert len(response.json()["line_items"]) == 4
    assert response.json()["total"]["amount"] == "4000.00"


def test_patch_edits_and_stale_if_match_is_412(sales_api, sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user)
    url = f"/api/v1/quotes/{quote.pk}/"
    refused = sales_api.patch(url, {"name": "Renamed", "status": "accepted"}, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 400 and "accept/" in refused.json()["errors"]["status"][0]
    ok = sales_api.patch(url, {"name": "Renamed"}, HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200
    assert ok.json()["name"] == "Renamed" and ok.json()["status"] == "draft"
    stale = sales_api.patch(url, {"name": "Lost"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    quote.refresh_from_db()
    assert quote.name == "Renamed"


def test_present_then_accept(sales_api, sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user)
    url = f"/api/v1/quotes/{quote.pk}/"
    shown = sales_api.post(f"{url}present/", HTTP_IF_MATCH='"1"')
    assert shown.status_code == 200 and shown.json()["status"] == "presented"
    again = sales_api.post(f"{url}present/", HTTP_IF_MATCH='"2"')
    assert again.status_code == 422
    assert again.json()["detail"] == f"'{quote}' is already Presented."
    accepted = sales_api.post(f"{url}accept/", {"version": 2})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted["ETag"] == '"3"'


def test_second_accept_on_a_deal_is_refused(sales_api, sales_user):
    first = presented(sales_user)
    second = QuoteFactory(opportunity=first.opportunity, owner=sales_user)
    second = present_quote(second, user=sales_user, version=1)
    assert sales_api.post(f"/api/v1/quotes/{first.pk}/accept/", {"version": 2}).status_code == 200
    refused = sales_api.post(f"/api/v1/quotes/{second.pk}/accept/", {"version": 2})
    assert refused.status_code == 422
    first.refresh_from_db()
    expected = ALREADY_ACCEPTED.format(opportunity=first.opportunity, accepted=first.number)
    assert refused.json()["detail"] == expected


def test_deny_and_stale_action(sales_api, sales_user):
    quote = presented(sales_user)
    url = f"/api/v1/quotes/{quote.pk}/deny/"
    assert sales_api.post(url, HTTP_IF_MATCH='"1"').status_code == 412
    assert sales_api.post(url).status_code == 428
    denied = sales_api.post(url, HTTP_IF_MATCH='"2"')
    assert denied.status_code == 200 and denied.json()["status"] == QuoteStatus.DENIED
    frozen = sales_api.patch(f"/api/v1/quotes/{quote.pk}/", {"name": "X"}, HTTP_IF_MATCH='"3"')
    assert frozen.status_code == 422
    expected = f"'Q-{quote.pk:06d} X' is denied and can no longer be changed."
    assert frozen.json()["detail"] == expected


def test_anonymous_and_no_delete(anon_api, admin_api, crm_admin):
    quote = QuoteFactory(opportunity__owner=crm_admin)
    assert anon_api.get("/api/v1/quotes/").status_code == 401
    assert admin_api.delete(f"/api/v1/quotes/{quote.pk}/").status_code == 405


def test_quotes_sort_by_total(sales_api, sales_user):
    quotes = [QuoteFactory(opportunity__owner=sales_user, line__quantity=q) for q in (2, 5, 1)]
    rows = sales_api.get("/api/v1/quotes/", {"ordering": "-total"}).json()["results"]
    assert [row["id"] for row in rows] == [quotes[1].pk, quotes[0].pk, quotes[2].pk]
