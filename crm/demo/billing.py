"""Demo orders, payments and assets, made through the real services: won deals become
orders in every status — awaiting payment, partially paid (with a voided payment), paid in
full, overpaid (a credit), fulfilled (with assets) and cancelled. Idempotent: once any order
exists nothing is added."""

from decimal import Decimal

from crm.models import Order, Stage
from crm.models.opportunities import Opportunity
from crm.services.opportunities import generate_order, order_refusal
from crm.services.orders import cancel_order, fulfil_order
from crm.services.payments import log_payment, void_payment

CENTS = Decimal("0.01")
# (what happens to the order, [(share of the total, method, void afterwards?)])
PLAN = [
    ("awaiting", []),
    ("partial", [(Decimal("0.40"), "bank_transfer", False), (Decimal("0.20"), "stripe", True)]),
    ("paid", [(Decimal("0.50"), "stripe", False), (Decimal("0.50"), "bank_transfer", False)]),
    ("overpaid", [(Decimal("1.10"), "paypal", False)]),
    ("fulfilled", [(Decimal("1.00"), "bank_transfer", False)]),
    ("cancelled", [(Decimal("0.30"), "cash", True)]),
]


def _orderable(limit: int) -> list[Opportunity]:
    won = Opportunity.objects.filter(stage=Stage.CLOSED_WON).order_by("pk")
    return [deal for deal in won if order_refusal(deal) is None][:limit]


def seed(*, admin, sales, scale: int) -> None:
    if Order.objects.exists():
        return
    for (outcome, payments), deal in zip(PLAN, _orderable(len(PLAN)), strict=False):
        order = generate_order(deal, user=deal.owner if deal.owner.is_active else admin)
        total = Order.objects.with_totals().values_list("total", flat=True).get(pk=order.pk)
        for share, method, void in payments:
            payment = log_payment(
                user=admin,
                order=order,
                amount=(total * share).quantize(CENTS),
                payment_date=order.order_date,
                payment_method=method,
                transaction_id=f"DEMO-{order.pk}-{method}",
            )
            if void:
                void_payment(payment, user=admin, reason="Entered in error")
        if outcome == "fulfilled":
            fulfil_order(order, user=admin)
        elif outcome == "cancelled":
            cancel_order(order, user=admin)
