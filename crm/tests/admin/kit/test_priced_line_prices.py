"""Add Product (and quote / contract lines): the list prices reach the page once, for the
price to be filled as soon as a product is chosen (crm/static/crm/priced_lines.js)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.tests.factories import OpportunityFactory, ProductFactory

pytestmark = pytest.mark.django_db
ADD_LINE = "/crm/opportunitylineitem/add/"


def _price_input(html: str) -> str:
    return (
        html.split('name="price_amount"')[0].rsplit("<input", 1)[-1]
        + html.split('name="price_amount"')[1].split(">", 1)[0]
    )


def test_add_product_page_carries_every_active_list_price_once(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user, currency="USD")
    web = ProductFactory(standard_list_price=Money("95", "USD"))
    euro = ProductFactory(standard_list_price=Money("70", "EUR"))
    ProductFactory(is_active=False)
    response = sales_client.get(f"{ADD_LINE}?opportunity={deal.pk}")
    html = response.content.decode()
    field = response.context["adminform"].form.fields["price_amount"]
    prices = json.loads(field.widget.attrs["data-crm-list-prices"])
    assert prices == {
        str(web.pk): {"amount": "95.00", "currency": "USD"},
        str(euro.pk): {"amount": "70.00", "currency": "EUR"},
    }
    assert field.widget.attrs["data-crm-currency"] == "USD"
    assert "data-crm-list-prices" in _price_input(html)
    assert "Choosing a product fills in its list price" in html
    assert "crm/priced_lines.js" in html


def test_add_product_page_queries_do_not_grow_with_products(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    url = f"{ADD_LINE}?opportunity={deal.pk}"
    ProductFactory.create_batch(2)
    sales_client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert sales_client.get(url).status_code == 200
        return len(queries)

    two = count()
    ProductFactory.create_batch(30)
    assert count() == two


def test_a_saved_line_carries_no_price_map(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    product = ProductFactory()
    sales_client.post(
        f"{ADD_LINE}?opportunity={deal.pk}",
        {"product": product.pk, "quantity": "1", "price_amount": "", "description": ""},
    )
    line = deal.line_items.get()
    html = sales_client.get(f"/crm/opportunitylineitem/{line.pk}/change/?edit=1").content.decode()
    assert "data-crm-list-prices" not in html
