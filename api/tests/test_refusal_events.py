"""API refusals are events (crm.events): 409/412 stale version, 403, 429 — one line each."""

import logging

import pytest

from api.kit.throttles import PerTokenThrottle
from api.tests.conftest import token_client
from crm.models import Account
from crm.tests.factories import AccountFactory, ProductFactory
from crm.tests.test_refusal_events import FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="crm.events")
    return lambda: [
        {field: getattr(r, field, None) for field in FIELDS}
        for r in caplog.records
        if r.name == "crm.events"
    ]


def test_api_stale_version_409_and_412(sales_user, events):
    api = token_client(sales_user)
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    tag = api.get(url)["ETag"]
    Account.objects.get(pk=account.pk).save()  # someone else saved: version 2
    conflict = api.patch(url, {"name": "Mine", "version": 1}, format="json")
    precondition = api.patch(url, {"name": "Mine"}, format="json", HTTP_IF_MATCH=tag)
    assert (conflict.status_code, precondition.status_code) == (409, 412)
    expected = {
        "event": "write_refused",
        "reason": "stale_version",
        "user_id": sales_user.pk,
        "model": "crm.account",
        "record_id": str(account.pk),
    }
    assert events() == [expected, expected]


def test_api_permission_denied(sales_user, events):
    product = ProductFactory()  # products are read-only for sales users (SPEC §5)
    api = token_client(sales_user)
    answer = api.patch(f"/api/v1/products/{product.pk}/", {"name": "x"}, format="json")
    assert answer.status_code == 403, answer.content
    assert [(e["reason"], e["model"], e["record_id"]) for e in events()] == [
        ("permission_denied", "crm.product", str(product.pk))
    ]


def test_api_throttled_429(monkeypatch, sales_user, events):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "1/min"})
    api = token_client(sales_user)
    assert [api.get("/api/v1/accounts/").status_code for _ in range(2)] == [200, 429]
    assert events() == [
        {
            "event": "write_refused",
            "reason": "throttled",
            "user_id": sales_user.pk,
            "model": "crm.account",
            "record_id": None,
        }
    ]
