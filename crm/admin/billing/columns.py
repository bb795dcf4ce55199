"""Money columns and cards shared by the order, payment, account and opportunity pages:
totals from the annotations of ``Order.objects.with_totals()`` (never a query per row), a
negative balance shown as a credit, void payments struck through (cells from the kit's
``money_columns``)."""

from django.utils.html import format_html
from import_export.formats.base_formats import CSV, XLSX
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import display

from crm.admin.kit.exporting import CheckedExportMixin
from crm.admin.kit.money_columns import MoneyCell, struck
from crm.admin.kit.related import Column, RelatedList
from crm.models.assets import Asset
from crm.models.orders import Order
from crm.objects import style_of
from crm.record_urls import record_url
from crm.selectors.orders import (
    account_assets,
    account_orders,
    opportunity_orders,
    order_with_totals,
)


class CRMExportMixin(CheckedExportMixin):
    """Export of the filtered list (CSV / XLSX) for everyone who may view it; no import."""

    export_form_class = ExportForm
    formats = [CSV, XLSX]

    def has_export_permission(self, request):
        return self.has_view_permission(request)


def with_totals(order: Order) -> Order:
    """The order with its annotations (a record read without them is re-read once)."""
    if hasattr(order, "total"):
        return order
    return order_with_totals(order.pk)


def large(value, *, key: str):
    """A highlights figure shown large (Total, Paid, Balance due)."""
    return format_html('<span class="crm-figure" data-figure="{}">{}</span>', key, value)


def figure(description: str, cell: MoneyCell, *, key: str):
    """A read-only method showing a money cell large, for ``highlight_fields``."""

    @display(description=description)
    def money_figure(model_admin, obj):
        return large(cell(obj), key=key)

    return money_figure


def struck_if_void(value):
    """A payment cell: void payments are struck through (they no longer count)."""

    def cell(payment):
        text = value(payment) if callable(value) else getattr(payment, value)
        text = text() if callable(text) else text
        if payment.is_void and text not in (None, ""):
            return struck(text)
        return text

    return cell


# The order's money, one definition for its list, its record page and its cards.
ORDER_TOTAL = MoneyCell("total", load=with_totals)
ORDER_PAID = MoneyCell("amount_paid", load=with_totals)
ORDER_BALANCE = MoneyCell("balance_due", load=with_totals, credit=True)


def _order_columns() -> tuple[Column, ...]:
    return (
        Column("Order number", "number", link=True),
        Column("Order date", "order_date"),
        Column("Status", "get_status_display"),
        Column("Total", ORDER_TOTAL),
        Column("Balance due", ORDER_BALANCE),
    )


def orders_related_list(rows) -> RelatedList:
    style = style_of(Order)
    return RelatedList(
        key="orders",
        title="Orders",
        icon=style.icon,
        color=style.color,
        rows=rows,
        columns=_order_columns(),
        allow_new=False,
        view_all_params=lambda parent: {parent._meta.model_name: parent.pk},
    )


def account_orders_related_list() -> RelatedList:
    return orders_related_list(account_orders)


def opportunity_orders_related_list() -> RelatedList:
    return orders_related_list(opportunity_orders)


def account_assets_related_list() -> RelatedList:
    style = style_of(Asset)
    return RelatedList(
        key="assets",
        title="Assets",
        icon=style.icon,
        color=style.color,
        rows=account_assets,
        columns=(
            Column("Asset name", "name", link=True),
            Column("Product", "product.name"),
            Column("Quantity", "quantity"),
            Column("Status", "get_status_display"),
            Column("Purchase date", "purchase_date"),
        ),
        allow_new=False,
        view_all_params=lambda account: {"account": account.pk},
    )


def order_link(order: Order | None):
    if order is None:
        return "—"
    url = record_url(Order, order.pk)
    return format_html('<a class="crm-link" href="{}">{}</a>', url, order.number)


def account_link(account):
    if account is None:
        return "—"
    url = record_url(type(account), account.pk)
    return format_html('<a class="crm-link" href="{}">{}</a>', url, account.name)
