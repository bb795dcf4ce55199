"""Orders: the list (number, account, date, status, computed total / paid / balance due) and
the record page — Total, Paid and Balance due large in the highlights, the status path (the
paid states follow the payments; only Fulfilled and Cancelled are chosen, each behind a
confirmation), line items and payments as cards, Log Payment. Nothing but the status ever
changes: every field is read-only here and the model refuses the rest."""

from django.contrib import admin
from djmoney.money import Money
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display
from unfold.enums import ActionVariant

from crm.admin.billing.columns import (
    ORDER_BALANCE,
    ORDER_PAID,
    ORDER_TOTAL,
    CRMExportMixin,
    figure,
    with_totals,
)
from crm.admin.billing.invoices.cards import order_invoices_related_list
from crm.admin.billing.invoices.issuing import IssueOrderInvoiceMixin
from crm.admin.billing.payments.admin import payments_related_list
from crm.admin.billing.payments.forms import log_payment_view
from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.columns import date_column, short_column
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.list_views import ListView
from crm.admin.kit.number_search import NumberSearchMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.models.orders import FINAL_STATES, Order, OrderStatus, parse_order_number
from crm.resources.billing import OrderResource
from crm.selectors import list_views as views
from crm.selectors.contracts import grace_days
from crm.selectors.orders import order_line_items, order_list
from crm.services.orders import PAID_STATES_AUTOMATIC, cancel_order, fulfil_order

STATUS_COLORS = {
    "Awaiting Payment": "warning",
    "Partially Paid": "info",
    "Paid in Full": "success",
    "Fulfilled": "success",
    "Cancelled": "danger",
}
UNPAID = (OrderStatus.AWAITING_PAYMENT, OrderStatus.PARTIALLY_PAID)


def is_unpaid(order) -> bool:
    return order.status in UNPAID


# The chevrons a person may click; each opens its confirmation first.
PATH_ACTIONS = {
    OrderStatus.FULFILLED: "fulfil_detail",
    OrderStatus.CANCELLED: "cancel_order_detail",
}


def _fulfil(order, *, target, user, version):
    return fulfil_order(order, user=user, version=version)


def _cancel(order, *, target, user, version):
    return cancel_order(order, user=user, version=version)


ORDER_ACTIONS = (
    TransitionAction(
        "fulfil",
        "Fulfil",
        OrderStatus.FULFILLED,
        "Mark {record} as fulfilled? One asset per order line is created on the account.",
        "was fulfilled",
        icon="local_shipping",
        service=_fulfil,
    ),
    TransitionAction(
        "cancel_order",
        "Cancel Order",
        OrderStatus.CANCELLED,
        "Cancel {record}? A cancelled order takes no payments and cannot be reopened.",
        "was cancelled",
        icon="cancel",
        danger=True,
        service=_cancel,
    ),
)


def line_items_related_list() -> RelatedList:
    return RelatedList(
        key="line_items",
        title="Line Items",
        icon="inventory_2",
        color="#3BA755",
        rows=order_line_items,
        limit=100,
        allow_new=False,
        columns=(
            Column("Product", "product.name"),
            Column("Quantity", "quantity"),
            Column("Price at purchase", "price_at_purchase"),
            Column(
                "Total",
                lambda line: Money(
                    line.quantity * line.price_at_purchase.amount, line.price_at_purchase.currency
                ),
            ),
        ),
    )


@admin.register(Order)
class OrderAdmin(NumberSearchMixin, IssueOrderInvoiceMixin, CRMExportMixin, RecordAdmin):
    parse_search_number = staticmethod(parse_order_number)
    resource_classes = [OrderResource]
    change_form_outer_before_template = "crm/billing/order_page_top.html"
    clone_enabled = False
    highlight_fields = (
        "account",
        "opportunity",
        "order_date",
        "total_figure",
        "paid_figure",
        "balance_figure",
    )
    path_field = "status"
    path_actions, path_refusal = PATH_ACTIONS, PAID_STATES_AUTOMATIC
    path_final, path_lost = FINAL_STATES, (OrderStatus.CANCELLED,)
    transition_actions = ORDER_ACTIONS
    header_actions = ("log_payment_detail", "issue_invoice_detail")
    related_lists = (
        line_items_related_list(),
        payments_related_list(),
        order_invoices_related_list(),
    )
    first_tab_cards = ("line_items", "payments")

    list_display = (
        "number_display",
        "account_name",
        "order_date_display",
        "status_badge",
        "total_display",
        "paid_display",
        "balance_display",
    )
    list_display_links = ("number_display",)
    # The record page shows the opportunity; the list does not (crm.admin.kit.related_reads).
    list_related_fields = {"account": ("name",), "owner": (), "opportunity": ()}
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("order_date", RangeDateFilter),
        OwnerFilter,
    )
    list_select_related = ("account", "owner")
    search_fields = ("account__name",)
    search_help_text = "Search by order number (ORD-000123) or account name"
    ordering = ("-order_date", "-pk")
    list_views = (
        ListView(
            "awaiting_payment",
            "Awaiting payment",
            lambda qs, r: views.orders_in_status(qs, status=OrderStatus.AWAITING_PAYMENT),
        ),
        ListView(
            "partially_paid",
            "Partially paid",
            lambda qs, r: views.orders_in_status(qs, status=OrderStatus.PARTIALLY_PAID),
        ),
    )
    fields_in_order = ("account", "opportunity", "order_date", "status", "currency", "owner")
    readonly_fields = (
        *fields_in_order,
        "number_display",
        "total_display",
        "paid_display",
        "balance_display",
        "created_at",
    )
    fieldsets = (
        (
            "Order",
            {"fields": (("number_display", "status"), ("account", "opportunity"), "order_date")},
        ),
        ("Amounts", {"fields": (("total_display", "paid_display", "balance_display"),)}),
        ("System information", {"fields": (("owner", "created_at"),)}),
    )

    def get_queryset(self, request):
        return order_list().select_related("opportunity")

    def has_add_permission(self, request):
        return False  # orders are generated from a won opportunity, never typed in

    def has_change_owner_permission(self, request, object_id=None):
        return False  # an order keeps the owner of the deal it was generated from

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        response.context_data["edit_url"] = None  # only the status moves, via its buttons
        return response

    # --- columns and highlights ---------------------------------------------------------------
    @display(description="Order number", ordering="pk")
    def number_display(self, obj):
        return obj.number

    account_name = short_column("Account", "account__name")
    # Unpaid once the retainer grace period has run out since the order date: in red.
    order_date_display = date_column(
        "Order date", "order_date", late_if=is_unpaid, label="unpaid", grace_days=grace_days
    )

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()

    total_display = ORDER_TOTAL.column("Total")
    paid_display = ORDER_PAID.column("Paid")
    balance_display = ORDER_BALANCE.column("Balance due")

    total_figure = figure("Total", ORDER_TOTAL, key="total")
    paid_figure = figure("Paid", ORDER_PAID, key="paid")
    balance_figure = figure("Balance due", ORDER_BALANCE, key="balance")

    def get_highlight_badges(self, request, obj):
        return [("Credit", "success")] if with_totals(obj).balance_due < 0 else []

    # --- path: paid states shown, one Fulfilled / Cancelled chevron (after a confirmation) ----
    def get_path_stages(self, request, obj):
        if obj.status == OrderStatus.CANCELLED:  # never paid: the paid states were not reached
            return [(OrderStatus.AWAITING_PAYMENT.value, OrderStatus.AWAITING_PAYMENT.label)]
        return super().get_path_stages(request, obj)

    # --- Log Payment ---------------------------------------------------------------------------
    def has_log_payment_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_payment"):
            return False
        if object_id is None:
            return True
        order = self.get_record(request, object_id)
        return order is not None and order.status != OrderStatus.CANCELLED

    @action(
        description="Log Payment",
        url_path="log-payment",
        permissions=["log_payment"],
        icon="payments",
        variant=ActionVariant.PRIMARY,
    )
    def log_payment_detail(self, request, object_id):
        return log_payment_view(self, request, self.get_record_or_404(object_id))
