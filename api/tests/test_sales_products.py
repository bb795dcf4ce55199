"""Products over the API: admins write the catalogue, sales users only read it (403)."""

import pytest
from djmoney.money import Money

from crm.models import Product
from crm.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_and_edits_a_product(admin_api, crm_admin):
    body = {
        "name": "SEO retainer",
        "product_code": "SEO-1",
        "family": "seo",
        "standard_list_price": {"amount": "450.00", "currency": "USD"},
        "is_retainer_product": True,
    }
    created = admin_api.post("/api/v1/products/", body, format="json")
    assert created.status_code == 201, created.json()
    product = Product.objects.get(pk=created.json()["id"])
    assert product.standard_list_price == Money("450.00", "USD")
    url = f"/api/v1/products/{product.pk}/"
    edited = admin_api.patch(url, {"name": "SEO plus"}, HTTP_IF_MATCH=created["ETag"])
    assert edited.status_code == 200 and edited.json()["name"] == "SEO plus"
    stale = admin_api.patch(url, {"name": "Lost"}, HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412


def test_duplicate_code_is_refused_with_the_model_message(admin_api):
    ProductFactory(product_code="WEB-1")
    response = admin_api.post("/api/v1/products/", {"name": "Copy", "product_code": "WEB-1"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Another product already uses this product code."


def test_sales_user_reads_but_cannot_write(sales_api):
    product = ProductFactory(name="Landing page")
    assert sales_api.get(f"/api/v1/products/{product.pk}/").json()["name"] == "Landing page"
    created = sales_api.post("/api/v1/products/", {"name": "Mine"}, format="json")
    assert created.status_code == 403
    url = f"/api/v1/products/{product.pk}/"
    edited = sales_api.patch(url, {"name": "X"}, HTTP_IF_MATCH=f'"{product.version}"')
    assert edited.status_code == 403
    off = sales_api.post(f"{url}deactivate/", HTTP_IF_MATCH=f'"{product.version}"')
    assert off.status_code == 403
    product.refresh_from_db()
    assert product.name == "Landing page" and product.is_active
    assert not Product.objects.filter(name="Mine").exists()


def test_filters_search_and_deactivation(admin_api, sales_api):
    seo = ProductFactory(name="SEO audit", family="seo", product_code="AUD-9")
    ProductFactory(name="Hosting", family="hosting")
    by_family = sales_api.get("/api/v1/products/", {"family": "seo"}).json()["results"]
    assert [row["id"] for row in by_family] == [seo.pk]
    by_code = sales_api.get("/api/v1/products/", {"search": "aud-9"}).json()["results"]
    assert [row["id"] for row in by_code] == [seo.pk]
    off = admin_api.post(f"/api/v1/products/{seo.pk}/deactivate/", HTTP_IF_MATCH='"1"')
    assert off.status_code == 200 and off.json()["is_active"] is False
    active = sales_api.get("/api/v1/products/", {"is_active": "true"}).json()["results"]
    assert seo.pk not in [row["id"] for row in active]


def test_query_counts(sales_api, django_assert_num_queries):
    products = ProductFactory.create_batch(5)
    with django_assert_num_queries(4):
        assert len(sales_api.get("/api/v1/products/").json()["results"]) == 5
    with django_assert_num_queries(4):
        assert sales_api.get(f"/api/v1/products/{products[0].pk}/").status_code == 200
