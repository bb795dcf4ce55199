"""Races through the API on PostgreSQL (row locks): eight admins posting payments on one
order at once, and two clients accepting the same quote."""

from decimal import Decimal

import pytest

from api.tests.conftest import token_client
from crm.models import Order, OrderStatus, Payment, Quote
from crm.models.quotes import QuoteStatus
from crm.services.quotes import present_quote
from crm.tests.billing.test_integrity import run_together
from crm.tests.factories import AdminUserFactory, OrderFactory, QuoteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_concurrent_payments_add_up_exactly(postgres_only, sales_user):
    order = OrderFactory(owner=sales_user, lines=1)  # total 1 000.00
    clients = [token_client(AdminUserFactory()) for _ in range(8)]
    url = f"/api/v1/orders/{order.pk}/payments/"

    def pay(index):
        body = {
            "amount": {"amount": "125.00", "currency": "USD"},
            "payment_method": "bank_transfer",
            "transaction_id": f"T{index}",
        }
        return clients[index].post(url, body, format="json")

    responses = run_together(8, pay)
    assert [r.status_code for r in responses] == [201] * 8, responses
    paid = sorted(Decimal(r.json()["order_after"]["amount_paid"]["amount"]) for r in responses)
    assert paid == [Decimal("125.00") * n for n in range(1, 9)]  # applied one after the other
    assert Payment.objects.filter(order=order).count() == 8
    final = Order.objects.with_totals().get(pk=order.pk)
    assert final.amount_paid == Decimal("1000.00") and final.balance_due == Decimal("0.00")
    assert final.status == OrderStatus.PAID_IN_FULL
    statuses = list(final.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == [
        OrderStatus.AWAITING_PAYMENT,
        OrderStatus.PARTIALLY_PAID,
        OrderStatus.PAID_IN_FULL,
    ]


def test_two_concurrent_accepts_one_wins(postgres_only, sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user, opportunity__account__owner=sales_user)
    quote = present_quote(quote, user=sales_user, version=quote.version)
    clients = [token_client(sales_user) for _ in range(2)]
    url = f"/api/v1/quotes/{quote.pk}/accept/"

    def accept(index):
        return clients[index].post(url, HTTP_IF_MATCH=f'"{quote.version}"')

    responses = run_together(2, accept)
    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 200 and codes[1] in (409, 412, 422), [r.json() for r in responses]
    assert Quote.objects.filter(status=QuoteStatus.ACCEPTED).count() == 1
    assert Quote.objects.get(pk=quote.pk).version == quote.version + 1
