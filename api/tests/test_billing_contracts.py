"""Contracts through the API: created with their lines, draft-only fields guarded by
``update_contract``, activate / terminate / renew actions (renew checks If-Match too) and
retainer payments on ``contracts/{id}/payments/``."""

import datetime

import pytest
from django.utils import timezone

from crm.models import Contract, Payment
from crm.services.contracts import DRAFT_ONLY, ENDS_TOO_LATE, NEEDS_LINES
from crm.services.payments import DRAFT_CONTRACT
from crm.tests.factories import AccountFactory, ContractFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contracts/"
MONTH = timezone.localdate().replace(day=1)


def test_create_with_lines(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    product = ProductFactory(is_retainer_product=True)
    line = {
        "product": product.pk,
        "quantity": "2",
        "price_per_cycle": {"amount": "300.00", "currency": "USD"},
    }
    body = {
        "account": account.pk,
        "start_date": MONTH.isoformat(),
        "currency": "USD",
        "lines": [line],
    }
    response = sales_api.post(URL, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft" and created["owner"] == sales_user.pk
    assert created["cycle_amount"] == {"amount": "600.00", "currency": "USD"}
    assert created["end_date"] == Contract.objects.get(pk=created["id"]).end_date.isoformat()


def test_create_refuses_a_bad_term(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    body = {
        "account": account.pk,
        "start_date": MONTH.isoformat(),
        "currency": "USD",
        "billing_cycle": "quarterly",
        "term_months": 4,
    }
    response = sales_api.post(URL, body)
    assert response.status_code == 422
    expected = "A quarterly contract's term must be a whole number of 3-month cycles."
    assert response.json()["errors"]["term_months"] == [expected]


def test_create_refuses_an_inactive_account(sales_api, sales_user):
    account = AccountFactory(owner=sales_user, name="Gone Ltd", is_active=False)
    body = {"account": account.pk, "start_date": MONTH.isoformat(), "currency": "USD"}
    response = sales_api.post(URL, body)
    assert response.status_code == 422
    expected = "Account 'Gone Ltd' is inactive; choose an active one."
    assert response.json()["errors"]["account"] == [expected]
    assert not Contract.objects.exists()


def test_a_start_that_would_end_after_9999_is_refused(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    body = {"account": account.pk, "start_date": "9999-06-01", "currency": "USD"}
    response = sales_api.post(URL, body)
    assert response.status_code == 422  # was a 500 (date overflow)
    assert response.json()["errors"]["start_date"] == [ENDS_TOO_LATE]
    draft = ContractFactory(owner=sales_user, status="draft")
    url = f"{URL}{draft.pk}/"
    patch = sales_api.patch(url, {"start_date": "9999-06-01"}, HTTP_IF_MATCH='"1"')
    assert patch.status_code == 422 and patch.json()["errors"]["start_date"] == [ENDS_TOO_LATE]


def test_list_and_detail_query_counts(sales_api, sales_user, django_assert_num_queries):
    contracts = [ContractFactory(owner=sales_user, lines=2) for _ in range(3)]
    with django_assert_num_queries(4):
        rows = sales_api.get(URL).json()["results"]
    assert len(rows) == 3 and rows[0]["cycle_amount"]["amount"] == "2000.00"
    with django_assert_num_queries(6):
        detail = sales_api.get(f"{URL}{contracts[0].pk}/").json()
    assert len(detail["line_items"]) == 2 and detail["payments"] == []
    found = sales_api.get(URL, {"search": contracts[1].number}).json()["results"]
    assert [row["id"] for row in found] == [contracts[1].pk]
    drafts = sales_api.get(URL, {"status": "draft"}).json()["results"]
    assert drafts == []


def test_draft_only_fields_once_activated(sales_api, sales_user):
    contract = ContractFactory(owner=sales_user)
    url = f"{URL}{contract.pk}/"
    etag = sales_api.get(url)["ETag"]
    later = (MONTH + datetime.timedelta(days=40)).isoformat()
    refused = sales_api.patch(url, {"start_date": later}, HTTP_IF_MATCH=etag)
    assert refused.status_code == 422
    assert refused.json()["detail"] == DRAFT_ONLY.format(
        number=contract.number, status="activated", fields="start date"
    )
    # The status is not a field a PATCH sets: a 400 naming it (it was silently dropped).
    sneaky = sales_api.patch(url, {"description": "x", "status": "draft"}, HTTP_IF_MATCH=etag)
    assert sneaky.status_code == 400 and list(sneaky.json()["errors"]) == ["status"]
    ok = sales_api.patch(url, {"description": "Care plan"}, HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    assert ok.json()["description"] == "Care plan" and ok.json()["status"] == "activated"
    assert sales_api.patch(url, {"description": "x"}, HTTP_IF_MATCH=etag).status_code == 412


def test_activate_needs_lines_then_terminate(sales_api, sales_user):
    contract = ContractFactory(owner=sales_user, status="draft", lines=0)
    url = f"{URL}{contract.pk}/"
    refused = sales_api.post(f"{url}activate/", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert refused.json()["detail"] == NEEDS_LINES.format(number=contract.number)
    other = ContractFactory(owner=sales_user, status="draft")
    url = f"{URL}{other.pk}/"
    active = sales_api.post(f"{url}activate/", HTTP_IF_MATCH='"1"')
    assert active.status_code == 200 and active.json()["status"] == "activated"
    ended = sales_api.post(f"{url}terminate/", HTTP_IF_MATCH=active["ETag"])
    assert ended.status_code == 200 and ended.json()["status"] == "terminated"
    assert ended.json()["end_date"] == timezone.localdate().isoformat()


def test_renew_checks_the_version(sales_api, sales_user):
    contract = ContractFactory(owner=sales_user)
    url = f"{URL}{contract.pk}/renew/"
    assert sales_api.post(url).status_code == 428
    assert sales_api.post(url, HTTP_IF_MATCH='"1"').status_code == 412  # activated: version 2
    renewed = sales_api.post(url, HTTP_IF_MATCH=f'"{contract.version}"')
    assert renewed.status_code == 201
    body = renewed.json()
    assert body["id"] != contract.pk and body["status"] == "draft"
    start = contract.end_date + datetime.timedelta(days=1)
    assert body["start_date"] == start.isoformat()
    assert renewed["ETag"] == '"1"'


def test_retainer_payment_for_a_period(admin_api, sales_api, sales_user):
    contract = ContractFactory(owner=sales_user)
    url = f"{URL}{contract.pk}/payments/"
    body = {
        "amount": {"amount": "1000.00", "currency": "USD"},
        "payment_method": "stripe",
        "service_period_start": MONTH.isoformat(),
        "service_period_end": (MONTH + datetime.timedelta(days=27)).isoformat(),
    }
    assert sales_api.post(url, body).status_code == 403
    response = admin_api.post(url, body)
    assert response.status_code == 201, response.json()
    assert response.json()["contract"] == contract.pk and response.json()["order"] is None
    detail = sales_api.get(f"{URL}{contract.pk}/").json()
    assert [p["id"] for p in detail["payments"]] == [response.json()["id"]]
    draft = ContractFactory(owner=sales_user, status="draft")
    refused = admin_api.post(f"{URL}{draft.pk}/payments/", body)
    assert refused.status_code == 422
    assert refused.json()["detail"] == DRAFT_CONTRACT.format(number=draft.number)
    assert Payment.objects.filter(contract=draft).count() == 0


def test_contracts_sort_by_cycle_amount(sales_api, sales_user):
    contracts = [ContractFactory(owner=sales_user, lines=n) for n in (2, 3, 1)]
    rows = sales_api.get(URL, {"ordering": "cycle_amount"}).json()["results"]
    assert [row["id"] for row in rows] == [contracts[2].pk, contracts[0].pk, contracts[1].pk]
