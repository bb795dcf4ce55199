"""Invoices (issue 26): the list (number, account, order or contract, status, issue and due
date — overdue in red —, total and balance due) and the record page — Total, Paid and Balance
due large in the highlights with the due date (red once overdue) and the status, the path
Draft → Issued → Partially Paid → Paid / Void (the paid states follow the payments; only Void
is chosen, behind its dialog), Details, the Lines and Payments cards, History, and the header
actions Send Invoice, Download PDF, Print and Void Invoice.

Invoices are never typed in: like Salesforce, they are made from their parent — "Issue
Invoice" on an order or a contract (or the billing run) — so the list offers no "New
Invoice" and every field is read-only here."""

from django.contrib import admin
from django.utils.formats import date_format
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display

from crm.admin.billing.columns import CRMExportMixin, figure, large
from crm.admin.billing.invoices.cards import (
    INVOICE_BALANCE,
    INVOICE_PAID,
    INVOICE_TOTAL,
    lines_related_list,
    parent_link,
    payments_related_list,
    service_period,
)
from crm.admin.billing.invoices.documents import DocumentActionsMixin
from crm.admin.billing.invoices.sending import SendInvoiceMixin
from crm.admin.billing.invoices.void import VOID
from crm.admin.kit.columns import date_column, in_red, short_column
from crm.admin.kit.confirm import confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.list_views import ListView
from crm.admin.kit.number_search import NumberSearchMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.models.invoices import Invoice, InvoiceStatus, parse_invoice_number
from crm.resources.invoices import InvoiceResource
from crm.selectors import invoice_lists as selectors
from crm.selectors.invoice_lists import invoice_list, is_overdue

STATUS_COLORS = {
    "Draft": "info",
    "Issued": "warning",
    "Partially Paid": "info",
    "Paid": "success",
    "Void": "danger",
}
PAID_BY_PAYMENTS = (
    "An invoice is paid by logging payments against it; its paid states follow the payments."
)
# Money received must be voided first: a (partially) paid invoice is never voided.
VOIDABLE = (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED)


@admin.register(Invoice)
class InvoiceAdmin(
    NumberSearchMixin, SendInvoiceMixin, DocumentActionsMixin, CRMExportMixin, RecordAdmin
):
    parse_search_number = staticmethod(parse_invoice_number)
    resource_classes = [InvoiceResource]
    change_form_outer_before_template = "crm/billing/order_page_top.html"
    clone_enabled = False
    authors_side_by_side = False  # Details share the page with the Lines and Payments cards
    highlight_fields = (
        "account",
        "status",
        "total_figure",
        "paid_figure",
        "balance_figure",
        "due_figure",
    )
    path_field = "status"
    path_actions = {InvoiceStatus.VOID: "void_invoice_detail"}
    path_refusal = PAID_BY_PAYMENTS
    path_final, path_lost = (InvoiceStatus.PAID, InvoiceStatus.VOID), (InvoiceStatus.VOID,)
    header_actions = ("send_invoice_detail", "pdf_detail", "print_detail", "void_invoice_detail")
    related_lists = (lines_related_list(), payments_related_list())
    first_tab_cards = ("lines", "payments")

    list_display = (
        "number_display",
        "account_name",
        "parent_display",
        "status_badge",
        "issue_date_display",
        "due_date_display",
        "total_display",
        "balance_display",
    )
    list_display_links = ("number_display",)
    list_related_fields = {"account": ("name",), "order": (), "contract": (), "owner": ()}
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("due_date", RangeDateFilter),
        ("issue_date", RangeDateFilter),
    )
    search_fields = ("account__name",)
    search_help_text = "Search by invoice number (INV-000123) or account name"
    ordering = ("-issue_date", "-pk")
    list_views = (
        ListView("overdue", "Overdue", lambda qs, r: selectors.overdue_invoices(qs)),
        ListView("unpaid", "Unpaid", lambda qs, r: selectors.unpaid_invoices(qs)),
        ListView(
            "paid_this_month",
            "Paid this month",
            lambda qs, r: selectors.invoices_paid_this_month(qs),
        ),
    )
    readonly_fields = (
        "number_display",
        "status",
        "account",
        "parent_display",
        "period_display",
        "issue_date",
        "due_date",
        "currency",
        "total_display",
        "paid_display",
        "balance_display",
        "void_reason",
        "notes",
        "owner",
        "created_at",
    )

    def get_fieldsets(self, request, obj=None):
        # One field a row: the Details column shares the page with the Lines and Payments
        # cards, too narrow for pairs.
        details = [
            "number_display",
            "status",
            "account",
            "parent_display",
            "period_display",
            "issue_date",
            "due_date",
            "currency",
            "notes",
        ]
        if obj is not None and obj.status == InvoiceStatus.VOID:
            details.insert(2, "void_reason")
        return (
            ("Invoice", {"fields": details}),
            ("Amounts", {"fields": ("total_display", "paid_display", "balance_display")}),
            ("System information", {"fields": ("owner", "created_at")}),
        )

    def get_queryset(self, request):
        return invoice_list()

    def has_add_permission(self, request):
        return False  # issued from an order or contract ("Issue Invoice") or the billing run

    def has_change_owner_permission(self, request, object_id=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.is_void)  # void is terminal

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        response.context_data["edit_url"] = None  # an issued invoice never changes
        return response

    # --- columns and highlights ---------------------------------------------------------------
    @display(description="Invoice number", ordering="pk")
    def number_display(self, obj):
        return obj.number

    account_name = short_column("Account", "account__name")

    @display(description="Order / contract")
    def parent_display(self, obj):
        return parent_link(obj)

    @display(description="Service period", ordering="service_period_start")
    def period_display(self, obj):
        return service_period(obj)

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()

    issue_date_display = date_column("Issue date", "issue_date", late_if=lambda obj: False)
    due_date_display = date_column(
        "Due date", "due_date", late_if=lambda obj: obj.status in selectors.UNPAID
    )

    total_display = INVOICE_TOTAL.column("Total")
    paid_display = INVOICE_PAID.column("Paid")
    balance_display = INVOICE_BALANCE.column("Balance due")

    total_figure = figure("Total", INVOICE_TOTAL, key="total")
    paid_figure = figure("Paid", INVOICE_PAID, key="paid")
    balance_figure = figure("Balance due", INVOICE_BALANCE, key="balance")

    @display(description="Due date")
    def due_figure(self, obj):
        text = due_date_text(obj)
        return large(in_red(text, label="overdue") if is_overdue(obj) else text, key="due")

    def get_highlight_badges(self, request, obj):
        return [("Overdue", "danger")] if is_overdue(obj) else []

    # --- path: the paid states follow the payments; Void opens its dialog ---------------------
    def get_path_stages(self, request, obj):
        if obj.status == InvoiceStatus.VOID:  # show how far it got before it was voided
            return [(InvoiceStatus.DRAFT.value, InvoiceStatus.DRAFT.label)]
        return super().get_path_stages(request, obj)

    def is_path_stage_allowed(self, value, allowed_targets):
        # Only Void is chosen; its dialog's own rule (``has_void_invoice_permission``) decides.
        return value == InvoiceStatus.VOID

    # --- Void Invoice --------------------------------------------------------------------------
    def has_void_invoice_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.change_invoice"):
            return False
        invoice = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (invoice is not None and invoice.status in VOIDABLE)

    @action(
        description="Void Invoice",
        url_path="void",
        permissions=["void_invoice"],
        icon="block",
        attrs=DIALOG,
    )
    def void_invoice_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), VOID)


def due_date_text(invoice) -> str:
    return date_format(invoice.due_date) if invoice.due_date else "—"
