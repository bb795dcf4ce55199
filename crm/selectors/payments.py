"""Read queries for payments: the list (with order and account joined), an order's
Payments related list, and what voiding a payment does to its order or contract."""

from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from djmoney.money import Money

from crm.models.contracts import Contract
from crm.models.orders import Order
from crm.models.payments import Payment, PaymentStatus


def payment_list() -> QuerySet[Payment]:
    """Every payment with its order or contract and their account (one query for a page)."""
    return Payment.objects.select_related(
        "order", "order__account", "contract", "contract__account", "owner"
    )


def order_payments(order: Order) -> QuerySet[Payment]:
    """The order's payments, newest first; void ones stay listed (struck through)."""
    return Payment.objects.filter(order=order).order_by("-payment_date", "-pk")


@dataclass(frozen=True)
class VoidEffect:
    """What voiding ``payment`` does to its order or contract (the Void dialog)."""

    parent: object  # the order or the contract
    label: str  # "Balance due after voiding" / "Paid on the contract after voiding"
    after: Money


def void_effect(payment: Payment) -> VoidEffect | None:
    """The parent's balance once ``payment`` no longer counts (only completed ones count).
    An order: its balance due (total − completed payments); a contract, which has no single
    total: what was paid on it. Two queries."""
    counted = payment.amount if payment.status == PaymentStatus.COMPLETED else None
    if payment.order_id is not None:
        order = Order.objects.with_totals().get(pk=payment.order_id)
        after = Money(order.balance_due, order.currency)
        after = after + counted if counted is not None else after
        return VoidEffect(order, "Balance due after voiding", after)
    if payment.contract_id is not None:
        contract = Contract.objects.get(pk=payment.contract_id)
        paid = (
            Payment.objects.filter(contract_id=contract.pk, status=PaymentStatus.COMPLETED)
            .order_by()
            .aggregate(total=Sum("amount"))["total"]
        )
        after = Money(paid or 0, contract.currency)
        after = after - counted if counted is not None else after
        return VoidEffect(contract, "Paid on the contract after voiding", after)
    return None
