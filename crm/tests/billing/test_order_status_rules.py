"""Every status rule of SPEC §6 through the services: awaiting → partially → paid in full,
void back down, fulfilled / cancelled stay put, no payment on a cancelled order, a cancel
refused while completed payments exist; and the order record itself refuses any other
change."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Asset, AssetStatus, Order, OrderLineItem, OrderStatus, PaymentStatus
from crm.models.orders import LINE_IMMUTABLE, NEVER_DELETED, ORDER_IMMUTABLE
from crm.services.orders import (
    cancel_order,
    fulfil_order,
    recalculate_order_status,
    status_for,
)
from crm.services.payments import update_payment, void_payment
from crm.tests.billing.conftest import YESTERDAY, pay, totals

pytestmark = pytest.mark.django_db


def status(order) -> str:
    return Order.objects.values_list("status", flat=True).get(pk=order.pk)


@pytest.mark.parametrize(
    ("total", "paid", "expected"),
    [
        ("5000", "0", OrderStatus.AWAITING_PAYMENT),
        ("5000", "0.01", OrderStatus.PARTIALLY_PAID),
        ("5000", "4999.99", OrderStatus.PARTIALLY_PAID),
        ("5000", "5000", OrderStatus.PAID_IN_FULL),
        ("5000", "6000", OrderStatus.PAID_IN_FULL),
        ("0", "0", OrderStatus.AWAITING_PAYMENT),
    ],
)
def test_status_for_follows_the_spec(total, paid, expected):
    assert status_for(total=Decimal(total), paid=Decimal(paid)) == expected


def test_payments_move_the_order_up_and_a_void_moves_it_back_down(order, crm_admin):
    first = pay(order, crm_admin, "2500.00")
    assert status(order) == order.status == OrderStatus.PARTIALLY_PAID
    second = pay(order, crm_admin, "2500.00")
    assert status(order) == OrderStatus.PAID_IN_FULL
    void_payment(second, user=crm_admin, reason="Entered in error")
    assert status(order) == OrderStatus.PARTIALLY_PAID
    assert totals(order)["balance_due"] == Decimal("2500.00")
    void_payment(first, user=crm_admin, reason="Entered in error")
    assert status(order) == OrderStatus.AWAITING_PAYMENT


def test_only_completed_payments_count(order, crm_admin):
    pending = pay(order, crm_admin, "5000.00", status=PaymentStatus.PENDING)
    assert status(order) == OrderStatus.AWAITING_PAYMENT
    pay(order, crm_admin, "100.00", status=PaymentStatus.FAILED)
    assert totals(order)["amount_paid"] == Decimal("0.00")
    update_payment(pending, user=crm_admin, version=pending.version, status="completed")
    assert status(order) == OrderStatus.PAID_IN_FULL


def test_editing_the_amount_recalculates(order, crm_admin):
    payment = pay(order, crm_admin, "5000.00")
    update_payment(payment, user=crm_admin, version=payment.version, amount=Decimal("10.00"))
    assert status(order) == OrderStatus.PARTIALLY_PAID
    assert totals(order)["amount_paid"] == Decimal("10.00")


def test_an_overpayment_leaves_a_credit(order, crm_admin):
    pay(order, crm_admin, "6000.00")
    assert status(order) == OrderStatus.PAID_IN_FULL
    assert totals(order)["balance_due"] == Decimal("-1000.00")


def test_a_fulfilled_order_stays_fulfilled_whatever_the_payments(order, crm_admin):
    payment = pay(order, crm_admin, "1000.00")
    fulfil_order(order, user=crm_admin)
    assert status(order) == OrderStatus.FULFILLED
    pay(order, crm_admin, "4000.00")
    void_payment(payment, user=crm_admin, reason="Entered in error")
    recalculate_order_status(order)
    assert status(order) == OrderStatus.FULFILLED
    with pytest.raises(BusinessRuleError):
        cancel_order(order, user=crm_admin)


def test_fulfilling_creates_one_asset_per_line(order, crm_admin):
    fulfil_order(order, user=crm_admin)
    line = OrderLineItem.objects.select_related("product").get(order=order)
    asset = Asset.objects.get()
    assert (asset.name, asset.account_id, asset.product_id) == (
        line.product.name,
        order.account_id,
        line.product_id,
    )
    assert (asset.quantity, asset.purchase_date, asset.status) == (
        line.quantity,
        order.order_date,
        AssetStatus.PURCHASED,
    )
    assert asset.order_line_item_id == line.pk


def test_fulfil_twice_is_refused_and_makes_no_second_assets(order, crm_admin):
    fulfil_order(order, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="is Fulfilled and cannot move"):
        fulfil_order(order, user=crm_admin)
    assert Asset.objects.count() == 1


def test_cancel_is_refused_while_completed_payments_exist(order, crm_admin):
    payment = pay(order, crm_admin, "100.00")
    with pytest.raises(BusinessRuleError, match="Void them first"):
        cancel_order(order, user=crm_admin)
    void_payment(payment, user=crm_admin, reason="Entered in error")
    cancel_order(order, user=crm_admin)
    assert status(order) == OrderStatus.CANCELLED


def test_a_cancelled_order_takes_no_payment_and_stays_cancelled(order, crm_admin):
    cancel_order(order, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="is cancelled"):
        pay(order, crm_admin, "100.00")
    with pytest.raises(BusinessRuleError):
        fulfil_order(order, user=crm_admin)
    assert not order.payments.exists()


def test_sales_users_cannot_fulfil_or_cancel(order, sales_user):
    for service in (fulfil_order, cancel_order):
        with pytest.raises(BusinessRuleError, match="permission"):
            service(order, user=sales_user)
    assert status(order) == OrderStatus.AWAITING_PAYMENT


def test_a_stale_version_changes_nothing(order, crm_admin):
    with pytest.raises(ConcurrencyError):
        fulfil_order(order, user=crm_admin, version=order.version + 1)
    assert status(order) == OrderStatus.AWAITING_PAYMENT


def test_the_model_refuses_changes_to_anything_but_the_status(order):
    order.order_date = YESTERDAY
    with pytest.raises(BusinessRuleError) as refused:
        order.save()
    assert refused.value.messages == [ORDER_IMMUTABLE]
    line = OrderLineItem.objects.get(order=order)
    line.quantity = Decimal("9")
    with pytest.raises(BusinessRuleError) as refused:
        line.save()
    assert refused.value.messages == [LINE_IMMUTABLE]
    line.refresh_from_db()
    line.price_at_purchase = line.price_at_purchase * 2
    with pytest.raises(ValidationError, match="never change"):
        line.full_clean()
    with pytest.raises(BusinessRuleError) as refused:
        Order.objects.get(pk=order.pk).delete()
    assert refused.value.messages == [NEVER_DELETED]
    assert totals(order)["total"] == Decimal("5000.00")
