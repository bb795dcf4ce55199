"""Orders through the API: read-only with annotated totals, fulfil/cancel for admins only,
and payments logged on ``orders/{id}/payments/`` with the order's new status and balance."""

from decimal import Decimal

import pytest

from crm.models import Asset, Order, Payment
from crm.services.orders import CANCEL_WITH_PAYMENTS
from crm.services.payments import CANCELLED_ORDER, void_payment
from crm.tests.factories import OrderFactory, PaymentFactory

pytestmark = pytest.mark.django_db

AUTH_QUERIES = 3  # the token with its user, knox's token look-up, the permissions
PAY = {"amount": {"amount": "400.00", "currency": "USD"}, "payment_method": "bank_transfer"}


def test_list_with_totals_in_constant_queries(sales_api, sales_user, django_assert_num_queries):
    orders = [OrderFactory(owner=sales_user, lines=2) for _ in range(3)]
    PaymentFactory(order=orders[0], owner=sales_user, amount="500.00")
    with django_assert_num_queries(AUTH_QUERIES + 1):
        response = sales_api.get("/api/v1/orders/")
    rows = {row["id"]: row for row in response.json()["results"]}
    assert len(rows) == 3
    paid = rows[orders[0].pk]
    assert paid["total"] == {"amount": "2000.00", "currency": "USD"}
    assert paid["amount_paid"]["amount"] == "500.00"
    assert paid["balance_due"]["amount"] == "1500.00"
    assert paid["status"] == "partially_paid" and paid["number"] == orders[0].number


def test_filters_and_search_by_number(sales_api, sales_user):
    first, second = OrderFactory(owner=sales_user), OrderFactory(owner=sales_user)
    PaymentFactory(order=first, owner=sales_user, amount="1000.00")
    found = sales_api.get("/api/v1/orders/", {"search": second.number}).json()["results"]
    assert [row["id"] for row in found] == [second.pk]
    paid = sales_api.get("/api/v1/orders/", {"status": "paid_in_full"}).json()["results"]
    assert [row["id"] for row in paid] == [first.pk]
    mine = sales_api.get("/api/v1/orders/", {"account": second.account_id}).json()["results"]
    assert [row["id"] for row in mine] == [second.pk]


def test_detail_nests_lines_and_payments(sales_api, sales_user, django_assert_num_queries):
    order = OrderFactory(owner=sales_user, lines=3)
    PaymentFactory(order=order, owner=sales_user)
    PaymentFactory(order=order, owner=sales_user)
    with django_assert_num_queries(AUTH_QUERIES + 3):
        response = sales_api.get(f"/api/v1/orders/{order.pk}/")
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert len(body["line_items"]) == 3 and len(body["payments"]) == 2
    assert body["line_items"][0]["price_at_purchase"]["amount"] == "1000.00"
    assert body["balance_due"]["amount"] == "2200.00"


def test_orders_are_read_only(admin_api, crm_admin):
    order = OrderFactory(owner=crm_admin)
    url = f"/api/v1/orders/{order.pk}/"
    assert admin_api.patch(url, {"currency": "EUR"}, HTTP_IF_MATCH='"1"').status_code == 405
    assert admin_api.post("/api/v1/orders/", {}).status_code == 405
    assert admin_api.delete(url).status_code == 405


def test_fulfil_is_for_admins(sales_api, admin_api, sales_user):
    order = OrderFactory(owner=sales_user, lines=2)
    url = f"/api/v1/orders/{order.pk}/fulfil/"
    assert sales_api.post(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert admin_api.post(url, HTTP_IF_MATCH='"7"').status_code == 412
    done = admin_api.post(url, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["status"] == "fulfilled"
    assert Asset.objects.filter(order_line_item__order=order).count() == 2


def test_cancel_refused_while_money_is_kept(admin_api, crm_admin, sales_user):
    order = OrderFactory(owner=sales_user)
    payment = PaymentFactory(order=order, owner=sales_user)
    version = Order.objects.get(pk=order.pk).version
    url = f"/api/v1/orders/{order.pk}/cancel/"
    refused = admin_api.post(url, {"version": version})
    assert refused.status_code == 422
    assert refused.json()["detail"] == CANCEL_WITH_PAYMENTS.format(number=order.number)
    void_payment(payment, user=crm_admin, reason="Entered in error")
    version = Order.objects.get(pk=order.pk).version
    cancelled = admin_api.post(url, {"version": version})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = admin_api.post(f"/api/v1/orders/{order.pk}/payments/", PAY)
    assert again.status_code == 422
    assert again.json()["detail"] == CANCELLED_ORDER.format(number=order.number)


def test_log_payment_answers_the_new_balance(admin_api, crm_admin, sales_user):
    order = OrderFactory(owner=sales_user)
    url = f"/api/v1/orders/{order.pk}/payments/"
    response = admin_api.post(url, {**PAY, "transaction_id": "T-1"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["order"] == order.pk and body["status"] == "completed"
    assert body["owner"] == crm_admin.pk and body["transaction_id"] == "T-1"
    assert body["order_after"]["status"] == "partially_paid"
    assert body["order_after"]["balance_due"] == {"amount": "600.00", "currency": "USD"}
    assert response["ETag"] == '"1"'
    rest = admin_api.post(url, {**PAY, "amount": {"amount": "600.00", "currency": "USD"}})
    assert rest.json()["order_after"]["status"] == "paid_in_full"


def test_log_payment_refusals(admin_api, sales_api, sales_user):
    order = OrderFactory(owner=sales_user)
    url = f"/api/v1/orders/{order.pk}/payments/"
    assert sales_api.post(url, PAY).status_code == 403
    wrong = admin_api.post(url, {**PAY, "amount": {"amount": "5.00", "currency": "EUR"}})
    assert wrong.status_code == 422
    assert wrong.json()["errors"]["amount"] == ["The payment must be in USD, the order's currency."]
    malformed = admin_api.post(url, {"amount": "12", "payment_method": "barter"})
    assert malformed.status_code == 400
    assert set(malformed.json()["errors"]) == {"amount", "payment_method"}
    money = 'Send money as {"amount": "12.50", "currency": "USD"}.'
    assert malformed.json()["errors"]["amount"] == [money]  # was a 500 (kit fix)
    assert not Payment.objects.filter(order=order).exists()


def every_page(api, url: str) -> list[dict]:
    rows = []
    while url:
        page = api.get(url).json()
        rows, url = rows + page["results"], page["next"]
    return rows


@pytest.mark.parametrize("ordering", ["-balance_due", "total", "-amount_paid"])
def test_orders_sort_by_their_money_across_cursor_pages_with_ties(admin_api, crm_admin, ordering):
    """As the admin list does; equal amounts (ties) neither repeat nor vanish between pages."""
    orders = [OrderFactory(owner=crm_admin, lines=n) for n in (1, 2, 2, 3, 1)]
    PaymentFactory(order=orders[1], owner=crm_admin, amount="500.00")
    field = ordering.lstrip("-")
    rows = every_page(admin_api, f"/api/v1/orders/?ordering={ordering}&page_size=2")
    assert sorted(row["id"] for row in rows) == sorted(order.pk for order in orders)
    amounts = [Decimal(row[field]["amount"]) for row in rows]
    assert amounts == sorted(amounts, reverse=ordering.startswith("-"))
    assert len(set(amounts)) < len(amounts)  # the case under test: ties across pages
