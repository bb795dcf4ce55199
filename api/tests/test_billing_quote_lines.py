"""Quote lines through the API: added, edited and removed only while the quote is a draft,
with the row's ETag (its last change) checked under the quote's lock."""

import pytest

from crm.models import QuoteLineItem
from crm.models.quotes import QUOTE_LINES_LOCKED
from crm.services.quotes import present_quote
from crm.tests.factories import ProductFactory, QuoteFactory, QuoteLineItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/quote-line-items/"


def test_create_with_the_list_price(sales_api, sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user)
    product = ProductFactory(standard_list_price="250.00")
    response = sales_api.post(URL, {"quote": quote.pk, "product": product.pk, "quantity": "2"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sale_price"] == {"amount": "250.00", "currency": "USD"}
    assert body["total"] == {"amount": "500.00", "currency": "USD"}
    assert response["ETag"] == f'"{body["version"]}"'
    total = sales_api.get(f"/api/v1/quotes/{quote.pk}/").json()["total"]
    assert total["amount"] == "1500.00"


def test_patch_with_etag_then_stale(sales_api, sales_user):
    line = QuoteLineItemFactory(quote__opportunity__owner=sales_user)
    url = f"{URL}{line.pk}/"
    etag = sales_api.get(url)["ETag"]
    moved = sales_api.patch(url, {"quantity": "3", "quote": 999}, HTTP_IF_MATCH=etag)
    assert moved.status_code == 400 and list(moved.json()["errors"]) == ["quote"]
    ok = sales_api.patch(url, {"quantity": "3"}, HTTP_IF_MATCH=etag)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["quantity"] == "3.00" and ok.json()["quote"] == line.quote_id
    assert ok["ETag"] != etag
    stale = sales_api.patch(url, {"quantity": "4"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    line.refresh_from_db()
    assert line.quantity == 3


def test_lines_of_a_presented_quote_are_locked(sales_api, sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user)
    line = quote.line_items.get()
    present_quote(quote, user=sales_user, version=1)
    etag = sales_api.get(f"{URL}{line.pk}/")["ETag"]
    edit = sales_api.patch(f"{URL}{line.pk}/", {"quantity": "5"}, HTTP_IF_MATCH=etag)
    assert edit.status_code == 422 and edit.json()["detail"] == QUOTE_LINES_LOCKED
    remove = sales_api.post(f"{URL}{line.pk}/remove/", HTTP_IF_MATCH=etag)
    assert remove.status_code == 422 and remove.json()["detail"] == QUOTE_LINES_LOCKED
    added = sales_api.post(URL, {"quote": quote.pk, "product": line.product_id})
    assert added.status_code == 422 and added.json()["detail"] == QUOTE_LINES_LOCKED
    assert QuoteLineItem.objects.filter(quote=quote).count() == 1


def test_remove_a_draft_line(sales_api, sales_user):
    line = QuoteLineItemFactory(quote__opportunity__owner=sales_user)
    url = f"{URL}{line.pk}/remove/"
    assert sales_api.post(url).status_code == 428
    etag = sales_api.get(f"{URL}{line.pk}/")["ETag"]
    response = sales_api.post(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 204
    assert not QuoteLineItem.objects.filter(pk=line.pk).exists()


def test_list_filter_and_query_count(sales_api, sales_user, django_assert_num_queries):
    quote = QuoteFactory(opportunity__owner=sales_user)
    QuoteLineItemFactory.create_batch(3, quote=quote)
    QuoteLineItemFactory(quote__opportunity__owner=sales_user)
    with django_assert_num_queries(4):
        response = sales_api.get(URL, {"quote": quote.pk})
    assert len(response.json()["results"]) == 4
    assert {row["quote"] for row in response.json()["results"]} == {quote.pk}
