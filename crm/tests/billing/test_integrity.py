"""Races and faults (PostgreSQL row locks): ten admins logging payments on one order at once,
two clicks on Generate Order, and a crash half-way through the line snapshot."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import Order, OrderLineItem, OrderStatus, Payment
from crm.services import orders as order_services
from crm.services.opportunities import generate_order
from crm.services.payments import log_payment
from crm.tests.billing.conftest import totals, won_opportunity
from crm.tests.factories import AdminUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count: int, work) -> list:
    """Start ``count`` threads that call ``work(index)`` at the same moment; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        close_old_connections()
        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()  # each thread's own connection; none may outlive the test

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_ten_concurrent_payments_add_up_exactly(postgres_only, sales_user):
    admin = AdminUserFactory()
    opportunity = won_opportunity(sales_user, prices=("5000.00",))
    order = generate_order(opportunity, user=sales_user)

    def pay(index):
        return log_payment(
            user=admin,
            order=Order.objects.get(pk=order.pk),
            amount="500.00",
            payment_date=timezone.localdate(),
            payment_method="bank_transfer",
            transaction_id=f"T{index}",
        )

    outcomes = run_together(10, pay)
    assert all(isinstance(outcome, Payment) for outcome in outcomes), outcomes
    assert Payment.objects.filter(order=order).count() == 10
    assert totals(order)["amount_paid"] == Decimal("5000.00")
    final = Order.objects.get(pk=order.pk)
    assert final.status == OrderStatus.PAID_IN_FULL
    # Every status change is in the history, in order: one per threshold crossed.
    statuses = list(final.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == [
        OrderStatus.AWAITING_PAYMENT,
        OrderStatus.PARTIALLY_PAID,
        OrderStatus.PAID_IN_FULL,
    ]


def test_two_concurrent_generate_order_clicks_make_one_order(postgres_only, sales_user):
    opportunity = won_opportunity(sales_user, prices=("1000.00", "2000.00"))

    def click(index):
        return generate_order(type(opportunity).objects.get(pk=opportunity.pk), user=sales_user)

    outcomes = run_together(2, click)
    made = [outcome for outcome in outcomes if isinstance(outcome, Order)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, BusinessRuleError)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert "already has order" in refused[0].messages[0]
    assert Order.objects.filter(opportunity=opportunity).count() == 1
    assert OrderLineItem.objects.filter(order=made[0]).count() == 2


def test_a_fault_before_the_last_line_leaves_no_order(monkeypatch, sales_user):
    opportunity = won_opportunity(sales_user, prices=("100.00", "200.00", "300.00"))
    real_snapshot = order_services.snapshot_line
    copied = []

    def failing_snapshot(order, line, *, user):
        if len(copied) == 2:  # the order row and two lines exist: now the server dies
            raise RuntimeError("power cut")
        copied.append(real_snapshot(order, line, user=user))
        return copied[-1]

    monkeypatch.setattr(order_services, "snapshot_line", failing_snapshot)
    with pytest.raises(RuntimeError, match="power cut"):
        generate_order(opportunity, user=sales_user)
    assert len(copied) == 2
    assert not Order.objects.exists()
    assert not OrderLineItem.objects.exists()
    assert not Order.history.exists()
    monkeypatch.setattr(order_services, "snapshot_line", real_snapshot)
    order = generate_order(opportunity, user=sales_user)
    assert totals(order)["total"] == Decimal("600.00")
