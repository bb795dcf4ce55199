"""Read queries for payments: the list (with order and account joined) and an order's
Payments related list."""

from django.db.models import QuerySet

from crm.models.orders import Order
from crm.models.payments import Payment


def payment_list() -> QuerySet[Payment]:
    """Every payment with its order or contract and their account (one query for a page)."""
    return Payment.objects.select_related(
        "order", "order__account", "contract", "contract__account", "owner"
    )


def order_payments(order: Order) -> QuerySet[Payment]:
    """The order's payments, newest first; void ones stay listed (struck through)."""
    return Payment.objects.filter(order=order).order_by("-payment_date", "-pk")
