"""Amount filters never reach a 500: numbers outside any money column are just a comparison
(200), things that are no number at all are a 400 naming the filter."""

import pytest

from crm.tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["1e400", "NaN", "Infinity", "ten"])
@pytest.mark.parametrize("name", ["amount_min", "amount_max"])
def test_amount_filters_refuse_what_is_no_amount(admin_api, name, value):
    response = admin_api.get("/api/v1/payments/", {name: value})
    assert response.status_code == 400, response.content[:300]
    assert name in response.json()["errors"]


@pytest.mark.parametrize("value", ["-2.684599467652523e+28", "12.345", "99999999999999999999"])
def test_amount_filters_compare_any_number(admin_api, value):
    assert admin_api.get("/api/v1/payments/", {"amount_min": value}).status_code == 200
    assert admin_api.get("/api/v1/payments/", {"amount_max": value}).status_code == 200


def test_amount_filters_select_payments(admin_api):
    PaymentFactory()
    assert len(admin_api.get("/api/v1/payments/", {"amount_min": "0.01"}).json()["results"]) == 1
    assert admin_api.get("/api/v1/payments/", {"amount_max": "0.00"}).json()["results"] == []
