"""Payments through the API: sales users read, admins correct (PATCH through update_payment),
move between pending/completed/failed and void; the order's status follows every change."""

import pytest

from crm.models import Order
from crm.services.payments import ALREADY_VOID, log_payment
from crm.tests.factories import ContractFactory, OrderFactory, PaymentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/payments/"


def order_status(order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_list_filters_and_query_count(sales_api, sales_user, django_assert_num_queries):
    order = OrderFactory(owner=sales_user)
    small = PaymentFactory(order=order, owner=sales_user, amount="100.00")
    big = PaymentFactory(order=order, owner=sales_user, amount="700.00", payment_method="cash")
    other = PaymentFactory(owner=sales_user)
    with django_assert_num_queries(4):
        rows = sales_api.get(URL).json()["results"]
    assert {row["id"] for row in rows} == {small.pk, big.pk, other.pk}
    assert sales_api.get(URL, {"method": "cash"}).json()["results"][0]["id"] == big.pk
    ranged = sales_api.get(URL, {"amount_min": "500", "amount_max": "800"}).json()["results"]
    assert [row["id"] for row in ranged] == [big.pk]
    by_order = sales_api.get(URL, {"order": order.pk}).json()["results"]
    assert {row["id"] for row in by_order} == {small.pk, big.pk}
    assert sales_api.get(URL, {"status": "void"}).json()["results"] == []


def test_retrieve_carries_the_etag(sales_api, sales_user):
    payment = PaymentFactory(owner=sales_user, amount="250.00")
    response = sales_api.get(f"{URL}{payment.pk}/")
    assert response["ETag"] == f'"{payment.version}"'
    assert response.json()["amount"] == {"amount": "250.00", "currency": "USD"}
    assert response.json()["number"] == f"PAY-{payment.pk:06d}"


def test_sales_users_read_only(sales_api, admin_api, sales_user):
    payment = PaymentFactory(owner=sales_user)
    url = f"{URL}{payment.pk}/"
    assert sales_api.patch(url, {"notes": "x"}, HTTP_IF_MATCH='"1"').status_code == 403
    assert sales_api.post(f"{url}void/", HTTP_IF_MATCH='"1"').status_code == 403
    assert admin_api.post(URL, {}).status_code == 405  # logged on orders/ and contracts/


def test_admin_corrects_the_amount_and_the_order_follows(admin_api, sales_user):
    order = OrderFactory(owner=sales_user)
    payment = PaymentFactory(order=order, owner=sales_user, amount="400.00")
    assert order_status(order) == "partially_paid"
    url = f"{URL}{payment.pk}/"
    body = {"amount": {"amount": "1000.00", "currency": "USD"}, "status": "void"}
    refused = admin_api.patch(url, body, HTTP_IF_MATCH=f'"{payment.version}"')
    assert refused.status_code == 400  # status changes only through actions
    assert order_status(order) == "partially_paid"
    del body["status"]
    response = admin_api.patch(url, body, HTTP_IF_MATCH=f'"{payment.version}"')
    assert response.status_code == 200, response.json()
    assert response.json()["amount"]["amount"] == "1000.00"
    assert response.json()["status"] == "completed"
    assert order_status(order) == "paid_in_full"
    stale = admin_api.patch(url, {"notes": "late"}, HTTP_IF_MATCH=f'"{payment.version}"')
    assert stale.status_code == 412


def test_status_action(admin_api, sales_user):
    order = OrderFactory(owner=sales_user)
    payment = PaymentFactory(order=order, owner=sales_user, amount="1000.00")
    url = f"{URL}{payment.pk}/status/"
    failed = admin_api.post(url, {"status": "failed"}, HTTP_IF_MATCH=f'"{payment.version}"')
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    assert order_status(order) == "awaiting_payment"
    void = admin_api.post(url, {"status": "void"}, HTTP_IF_MATCH=failed["ETag"])
    assert void.status_code == 400  # not a choice here: void/ is its own action
    assert list(void.json()["errors"]) == ["status"]


def test_void_then_void_again(admin_api, sales_user):
    order = OrderFactory(owner=sales_user)
    payment = PaymentFactory(order=order, owner=sales_user, amount="1000.00")
    url = f"{URL}{payment.pk}/void/"
    assert admin_api.post(url, {"reason": "Entered twice"}).status_code == 428
    no_reason = admin_api.post(url, {"reason": " "}, HTTP_IF_MATCH=f'"{payment.version}"')
    assert no_reason.status_code == 400 and list(no_reason.json()["errors"]) == ["reason"]
    assert order_status(order) == "paid_in_full"  # nothing voided
    body = {"reason": "Entered twice"}
    voided = admin_api.post(url, body, HTTP_IF_MATCH=f'"{payment.version}"')
    assert voided.status_code == 200 and voided.json()["status"] == "void"
    assert voided.json()["void_reason"] == "Entered twice"
    assert order_status(order) == "awaiting_payment"
    again = admin_api.post(url, body, HTTP_IF_MATCH=voided["ETag"])
    assert again.status_code == 422
    payment.refresh_from_db()
    assert again.json()["detail"] == ALREADY_VOID.format(payment=payment)


def test_contract_payments_are_listed_too(sales_api, crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user)
    payment = log_payment(
        user=crm_admin,
        contract=contract,
        amount="1000.00",
        payment_date=contract.start_date,
        payment_method="stripe",
        service_period_start=contract.start_date,
        service_period_end=contract.start_date.replace(day=28),
    )
    rows = sales_api.get(URL, {"contract": contract.pk}).json()["results"]
    assert [row["id"] for row in rows] == [payment.pk]
    assert rows[0]["service_period_start"] == contract.start_date.isoformat()
