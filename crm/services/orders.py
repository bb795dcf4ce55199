"""Order transactions (SPEC §6). The paid states follow the money: every payment change runs
``recalculate_order_status`` in its own transaction with the order row locked, so concurrent
payments are applied one after the other and the status always matches the rows. Fulfilled
and Cancelled are the only states a person chooses."""

from decimal import Decimal

from django.db import transaction

from crm.models.assets import Asset, AssetStatus
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.models.orders import FINAL_STATES, Order, OrderLineItem, OrderStatus
from crm.services.records import save_record
from crm.services.transitions import copy_saved_state, lock, transition

CANCEL_WITH_PAYMENTS = "{number} has completed payments. Void them first, then cancel the order."
PAID_STATES_AUTOMATIC = (
    "The payment states follow the payments: log or void a payment to change them."
)
NOT_FROM_FINAL = "{number} is {status} and cannot move to {target}."


def status_for(*, total: Decimal, paid: Decimal) -> str:
    """SPEC §6: paid ≥ total > 0 → paid in full; 0 < paid < total → partially paid; else
    awaiting payment."""
    if total > 0 and paid >= total:
        return OrderStatus.PAID_IN_FULL
    if 0 < paid < total:
        return OrderStatus.PARTIALLY_PAID
    return OrderStatus.AWAITING_PAYMENT


@transaction.atomic
def recalculate_order_status(order: Order, *, user=None) -> Order:
    """Set the order's paid state from its rows (fulfilled and cancelled orders stay put).

    Locks the order row (a no-op when the caller already holds it) and reads the sums inside
    the same transaction, so they include the caller's own payment change."""
    locked = lock(order)
    if locked.status not in FINAL_STATES:
        sums = Order.objects.with_totals().filter(pk=locked.pk).values("total", "amount_paid").get()
        target = status_for(total=sums["total"], paid=sums["amount_paid"])
        if target != locked.status:
            moves = {
                OrderStatus.AWAITING_PAYMENT: locked.mark_awaiting_payment,
                OrderStatus.PARTIALLY_PAID: locked.mark_partially_paid,
                OrderStatus.PAID_IN_FULL: locked.mark_paid_in_full,
            }
            moves[target]()
            locked._history_user = user
            locked.save()
    copy_saved_state(locked, onto=order)
    return locked


def snapshot_line(order: Order, line: OpportunityLineItem, *, user) -> OrderLineItem:
    """Copy one opportunity line into the order at the price agreed (SPEC §6)."""
    snapshot = OrderLineItem(
        order=order,
        product_id=line.product_id,
        quantity=line.quantity,
        price_at_purchase=line.sale_price,
    )
    snapshot._history_user = user
    snapshot.save()
    return snapshot


def _refusal(order: Order, target: str, user) -> str:
    labels = dict(OrderStatus.choices)
    if target == OrderStatus.CANCELLED and order.status not in FINAL_STATES:
        return CANCEL_WITH_PAYMENTS.format(number=order.number)
    if target in (OrderStatus.FULFILLED, OrderStatus.CANCELLED):
        return NOT_FROM_FINAL.format(
            number=order.number, status=labels[order.status], target=labels[target]
        )
    return PAID_STATES_AUTOMATIC


@transaction.atomic
def fulfil_order(order: Order, *, user, version: int | None = None) -> Order:
    """Mark the order delivered and create one Asset per line, in one transaction."""
    locked = transition(
        order,
        field="status",
        target=OrderStatus.FULFILLED,
        user=user,
        version=version,
        refusal=_refusal,
    )
    contact_id = (
        OpportunityContactRole.objects.filter(opportunity_id=locked.opportunity_id)
        .order_by("-is_primary", "pk")
        .values_list("contact_id", flat=True)
        .first()
    )
    for line in locked.line_items.select_related("product").order_by("pk"):
        asset = Asset(
            name=line.product.name,
            account_id=locked.account_id,
            contact_id=contact_id,
            product_id=line.product_id,
            order_line_item=line,
            quantity=line.quantity,
            purchase_date=locked.order_date,
            status=AssetStatus.PURCHASED,
            owner_id=locked.owner_id,
        )
        save_record(asset, user=user)
    return locked


@transaction.atomic
def cancel_order(order: Order, *, user, version: int | None = None) -> Order:
    """Cancel an order nobody has (still) paid for: completed payments must be voided first."""
    return transition(
        order,
        field="status",
        target=OrderStatus.CANCELLED,
        user=user,
        version=version,
        refusal=_refusal,
    )
