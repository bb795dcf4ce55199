"""Billing in the SPEC §10 data set: 15k orders with 45k line snapshots and 60k payments,
plus the billing pages the benchmark times (order list, payment list, an order with 50
payments).

Orders hang off the closed-won opportunities: each won deal has one open order and, to reach
the SPEC's order count with the deals the sales seed made, earlier cancelled ones (the
database allows one non-cancelled order per deal). Payments go to the open orders, never
above an order's total, so every status follows the SPEC §6 rules."""

import datetime
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from crm.models import Order, OrderLineItem, OrderStatus, Payment, PaymentMethod
from crm.models.opportunities import Stage
from crm.models.opportunity_lines import OpportunityLineItem

SIZES = {"orders": 15_000, "order_lines": 45_000, "payments": 60_000}
SHOWCASE_PAYMENTS = 50
BATCH = 2000


def _size(seed, name: str) -> int:
    return max(1, round(SIZES[name] * seed.scale))


def _bulk(model, rows) -> list:
    created, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
    if batch:
        created += model.objects.bulk_create(batch)
    return created


def _order(opportunity, status: str, owner, day: datetime.date) -> Order:
    order = Order(
        account_id=opportunity.account_id,
        opportunity=opportunity,
        owner=owner,
        order_date=day,
        currency=opportunity.currency,
    )
    order.__dict__["status"] = status  # FSM field: bulk seeding bypasses it
    return order


def seed_orders(seed) -> list[Order]:
    """One open order per won deal, then cancelled ones until the SPEC count is reached."""
    won = [o for o in seed.created["opportunities"] if o.stage == Stage.CLOSED_WON]
    wanted, today = _size(seed, "orders"), timezone.localdate()
    rounds = max(1, -(-wanted // max(1, len(won))))  # ceil
    plan = []
    for round_ in range(rounds):
        for i, opportunity in enumerate(won):
            if len(plan) == wanted:
                break
            status = OrderStatus.AWAITING_PAYMENT if round_ == 0 else OrderStatus.CANCELLED
            day = today - datetime.timedelta(days=(i + round_ * 7) % 365)
            plan.append(_order(opportunity, status, seed.owner(i), day))
    return _bulk(Order, plan)


def seed_order_lines(seed) -> int:
    """Three line snapshots per order, copied from the deal's own lines."""
    orders = seed.created["orders"]
    per_order = max(1, _size(seed, "order_lines") // len(orders))
    deal_lines: dict[int, list] = {}
    for line in OpportunityLineItem.objects.filter(
        opportunity_id__in={o.opportunity_id for o in orders}
    ).only("opportunity_id", "product_id", "quantity", "sale_price", "sale_price_currency"):
        deal_lines.setdefault(line.opportunity_id, []).append(line)

    def lines():
        for order in orders:
            source = deal_lines.get(order.opportunity_id) or []
            for k in range(per_order if source else 0):
                line = source[k % len(source)]
                yield OrderLineItem(
                    order=order,
                    product_id=line.product_id,
                    quantity=line.quantity,
                    price_at_purchase=line.sale_price,
                )

    return len(_bulk(OrderLineItem, lines()))


def seed_payments(seed) -> int:
    """Payments on the open orders (the first gets 50), each within the order's total; then
    every open order's status is set from its payments like ``recalculate_order_status``."""
    open_orders = [o for o in seed.created["orders"] if o.status != OrderStatus.CANCELLED]
    totals = dict(
        Order.objects.filter(pk__in=[o.pk for o in open_orders])
        .with_totals()
        .values_list("pk", "total")
    )
    wanted = _size(seed, "payments")
    per_order = max(1, (wanted - SHOWCASE_PAYMENTS) // max(1, len(open_orders) - 1))
    methods = list(PaymentMethod.values)
    paid: dict[int, Decimal] = {}

    def payments():
        made = 0
        for index, order in enumerate(open_orders):
            count = SHOWCASE_PAYMENTS if index == 0 else per_order
            total = totals.get(order.pk) or Decimal(0)
            # Most orders end partly paid, some in full: a share of the total per payment.
            share = (total / count / (2 if index % 3 else 1)).quantize(Decimal("0.01"))
            for k in range(count):
                if made == wanted or share <= 0:
                    return
                made += 1
                paid[order.pk] = paid.get(order.pk, Decimal(0)) + share
                yield Payment(
                    order=order,
                    owner=order.owner,
                    amount=Money(share, order.currency),
                    payment_date=order.order_date + datetime.timedelta(days=k),
                    payment_method=methods[(index + k) % len(methods)],
                    transaction_id=f"bench-{order.pk}-{k}",
                )

    created = _bulk(Payment, payments())
    _set_statuses(open_orders, totals, paid)
    return len(created)


def _set_statuses(orders, totals, paid) -> None:
    for status in (OrderStatus.PARTIALLY_PAID, OrderStatus.PAID_IN_FULL):
        ids = [
            o.pk
            for o in orders
            if _status(totals.get(o.pk) or Decimal(0), paid.get(o.pk, Decimal(0))) == status
        ]
        for start in range(0, len(ids), BATCH):
            Order.objects.filter(pk__in=ids[start : start + BATCH]).update(status=status)


def _status(total: Decimal, paid: Decimal) -> str:
    if total > 0 and paid >= total:
        return OrderStatus.PAID_IN_FULL
    if 0 < paid < total:
        return OrderStatus.PARTIALLY_PAID
    return OrderStatus.AWAITING_PAYMENT


STEPS = [
    ("orders", seed_orders),
    ("order_lines", seed_order_lines),
    ("payments", seed_payments),
]


def showcase_order() -> Order | None:
    """The open order with the most payments (the seeded one has 50)."""
    return (
        Order.objects.exclude(status=OrderStatus.CANCELLED)
        .order_by("pk")
        .filter(payments__isnull=False)
        .first()
    )
