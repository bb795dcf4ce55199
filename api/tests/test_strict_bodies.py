"""Strict write bodies over every routed resource: a PATCH naming any read-only field (even
with its current value) or an unknown field answers 400 naming it, and nothing changes."""

import pytest

from api.routes import ROUTES
from api.tests.api_records import RECORD_MAKERS
from api.tests.conftest import token_client
from crm.models import Lead, Payment
from crm.tests.factories import LeadFactory, OrderFactory, PaymentFactory

pytestmark = pytest.mark.django_db
WRITABLE = [prefix for prefix, viewset in ROUTES if "patch" in viewset.http_method_names]


def read_only_fields(viewset, record) -> list[str]:
    fields = viewset.serializer_class(record, context={}).fields
    return [name for name, field in fields.items() if field.read_only and name != "version"]


@pytest.mark.parametrize("prefix", WRITABLE)
def test_patch_refuses_read_only_and_unknown_fields(prefix, crm_admin, colleague):
    viewset = dict(ROUTES)[prefix]
    record = RECORD_MAKERS[prefix](colleague)
    api = token_client(crm_admin)
    url = f"/api/v1/{prefix}/{record.pk}/"
    before = api.get(url)
    assert before.status_code == 200
    names = read_only_fields(viewset, record)
    assert names, prefix  # id at least
    for name in [*names, "no_such_field"]:
        body = {name: before.json().get(name), "version": int(before["ETag"].strip('"'))}
        response = api.patch(url, body, format="json", HTTP_IF_MATCH=before["ETag"])
        assert response.status_code == 400, (prefix, name, response.content[:300])
        data = response.json()
        assert list(data["errors"]) == [name], (prefix, data)
        assert name in data["detail"] and data["code"] == "invalid"
    after = api.get(url)
    assert after["ETag"] == before["ETag"] and after.json() == before.json(), prefix


def test_payment_status_names_the_action_and_nothing_is_applied(admin_api):
    payment = PaymentFactory(order=OrderFactory(), amount="100.00")
    url = f"/api/v1/payments/{payment.pk}/"
    body = {"status": "void", "notes": "should not land"}
    response = admin_api.patch(url, body, format="json", HTTP_IF_MATCH=f'"{payment.version}"')
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"status", "code", "detail", "errors"}
    assert data["detail"] == "Nothing was saved: status cannot be written here."
    assert f"POST /api/v1/payments/{payment.pk}/void/" in data["errors"]["status"][0]
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.status, stored.notes, stored.version) == (payment.status, "", payment.version)


def test_action_and_create_bodies_are_strict_too(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    url = f"/api/v1/leads/{lead.pk}/status/"
    body = {"status": "contacted", "colour": "red"}
    response = sales_api.post(url, body, format="json", HTTP_IF_MATCH=f'"{lead.version}"')
    assert response.status_code == 400 and list(response.json()["errors"]) == ["colour"]
    assert Lead.objects.get(pk=lead.pk).status == "new"
    created = sales_api.post(
        "/api/v1/leads/", {"last_name": "X", "company": "Y", "version": 3}, format="json"
    )
    assert created.status_code == 400 and list(created.json()["errors"]) == ["version"]
    assert not Lead.objects.filter(last_name="X").exists()


def test_nested_money_refuses_unknown_keys(admin_api):
    order = OrderFactory()
    body = {"amount": {"amount": "5.00", "currency": "USD", "fx": 1}, "payment_method": "cash"}
    response = admin_api.post(f"/api/v1/orders/{order.pk}/payments/", body, format="json")
    assert response.status_code == 400 and "fx" in response.json()["errors"]["amount"][0]
    assert not order.payments.exists()


def test_version_in_a_patch_body_is_still_the_lock(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    url = f"/api/v1/leads/{lead.pk}/"
    ok = sales_api.patch(url, {"title": "CTO", "version": lead.version}, format="json")
    assert ok.status_code == 200 and ok.json()["title"] == "CTO"
    stale = sales_api.patch(url, {"title": "CEO", "version": lead.version}, format="json")
    assert stale.status_code == 409
