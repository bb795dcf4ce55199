"""Read queries for orders: the list, the record page and the related lists that show them.
Totals are annotated (``with_totals``), never computed per row."""

from django.db.models import QuerySet

from crm.models import Account, Opportunity
from crm.models.assets import Asset
from crm.models.orders import Order, OrderLineItem


def order_list() -> QuerySet[Order]:
    """Every order with its account, owner and computed total / paid / balance due."""
    return Order.objects.with_totals().select_related("account", "owner")


def order_with_totals(order_id: int) -> Order | None:
    return order_list().select_related("opportunity").filter(pk=order_id).first()


def order_line_items(order: Order) -> QuerySet[OrderLineItem]:
    """The order's snapshot lines, in the order they were copied."""
    return OrderLineItem.objects.filter(order=order).select_related("product").order_by("pk")


def account_orders(account: Account) -> QuerySet[Order]:
    return order_list().filter(account=account).order_by("-order_date", "-pk")


def opportunity_orders(opportunity: Opportunity) -> QuerySet[Order]:
    return order_list().filter(opportunity=opportunity).order_by("-order_date", "-pk")


def account_assets(account: Account) -> QuerySet[Asset]:
    """What the client owns, newest purchases first."""
    return (
        Asset.objects.filter(account=account)
        .select_related("product")
        .order_by("-purchase_date", "name", "pk")
    )
