"""Payments: the list (date, amount, method, status, order or contract and account as links,
service period; filters incl. account and service month, which the retainer report's cells
link to; export) and the record page. Admins edit (``update_payment``) and void
(``void_payment``, terminal); sales users read. Payments are logged from their order's or
contract's page."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display

from crm.admin.billing.columns import CRMExportMixin, account_link, order_link, struck_if_void
from crm.admin.billing.payments.filters import AccountFilter, ServiceMonthFilter, parent_link
from crm.admin.billing.payments.forms import PaymentEditForm
from crm.admin.billing.payments.void import VOID
from crm.admin.kit.card_actions import parent_action_button
from crm.admin.kit.columns import date_range
from crm.admin.kit.confirm import confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.money_columns import MoneyCell
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.models.payments import Payment
from crm.objects import style_of
from crm.resources.billing import PaymentResource
from crm.selectors.payments import order_payments, payment_list
from crm.services.payments import update_payment

UPDATED = "Payment record updated successfully."
STATUS_COLORS = {"Completed": "success", "Pending": "warning", "Failed": "danger", "Void": "info"}
EDIT_FIELDS = (
    "amount_value",
    "payment_date",
    "payment_method",
    "payment_status",
    "transaction_id",
    "notes",
    "is_retainer",
    "service_period_start",
    "service_period_end",
)
READ_FIELDS = (
    ("order_number", "account_name"),
    ("amount", "payment_date"),
    ("payment_method", "status"),
    ("transaction_id",),
    ("service_period_start", "service_period_end"),
    ("notes",),
)


def service_period(payment) -> str:
    if not payment.has_service_period:
        return "—"
    return date_range(payment.service_period_start, payment.service_period_end)


# The payment's amount, struck through once void (it no longer counts), in list and cards.
AMOUNT = MoneyCell("amount", struck_if=lambda payment: payment.is_void)


@admin.register(Payment)
class PaymentAdmin(CRMExportMixin, RecordAdmin):
    resource_classes = [PaymentResource]
    form = PaymentEditForm
    change_form_outer_before_template = "crm/billing/payment_page_top.html"
    clone_enabled = False
    highlight_fields = ("order_number", "account_name", "amount", "payment_date", "status")
    header_actions = ("void_payment_detail",)

    list_display = (
        "payment_date",
        "amount_display",
        "payment_method",
        "status_badge",
        "order_number",
        "account_name",
        "period_display",
    )
    list_display_links = ("payment_date",)
    list_related_fields = {
        "order": (),
        "order__account": ("name",),
        "contract": (),
        "contract__account": ("name",),
        "owner": (),
    }
    list_filter = (
        ("payment_method", ChoicesDropdownFilter),
        ("status", ChoicesDropdownFilter),
        ("payment_date", RangeDateFilter),
        AccountFilter,
        ServiceMonthFilter,
    )
    search_fields = ("transaction_id", "order__account__name", "contract__account__name")
    search_linked_first = True  # the accounts, then their orders and contracts, then payments
    search_help_text = "Search by transaction ID or account name"
    ordering = ("-payment_date", "-pk")
    readonly_fields = ("order_number", "account_name", "status", "amount", "void_reason")

    class Media:
        js = ("crm/payment_form.js",)

    def get_queryset(self, request):
        return payment_list()

    def get_list_select_related(self, request):
        return ("order", "order__account", "contract", "contract__account", "owner")

    def has_add_permission(self, request):
        return False  # logged from the order's page ("Log Payment")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.is_void)

    def has_change_owner_permission(self, request, object_id=None):
        return False

    def get_fieldsets(self, request, obj=None):
        if self.is_read_mode(request, obj) or not self.has_change_permission(request, obj):
            void = (("void_reason",),) if obj is not None and obj.is_void else ()
            return (("Payment", {"fields": (*READ_FIELDS, *void)}),)
        return (("Payment", {"fields": ("order_number", *EDIT_FIELDS)}),)

    def save_model(self, request, obj, form, change):
        stored = self.get_record_or_404(obj.pk)
        update_payment(
            stored, user=request.user, version=form.cleaned_data["version"], **form.changes()
        )
        request._crm_payment_updated = True

    def response_change(self, request, obj):
        super().response_change(request, obj)
        return HttpResponseRedirect(f"{parent_url(obj)}#related")

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_crm_payment_updated", False):
            request._crm_success_message = UPDATED  # the design notes' words, not "was saved"
        super().message_user(request, message, level, *args, **kwargs)

    # --- columns -------------------------------------------------------------------------------
    amount_display = AMOUNT.column("Amount")

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()

    @display(description="Order / contract", ordering="order_id")
    def order_number(self, obj):
        return order_link(obj.order) if obj.order_id else parent_link(obj.contract)

    @display(description="Account")
    def account_name(self, obj):
        return account_link(obj.account)

    @display(description="Service period", ordering="service_period_start")
    def period_display(self, obj):
        return service_period(obj)

    # --- Void Payment --------------------------------------------------------------------------
    def has_void_payment_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.change_payment"):
            return False
        payment = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (payment is not None and not payment.is_void)

    @action(
        description="Void Payment",
        url_path="void",
        permissions=["void_payment"],
        icon="block",
        attrs=DIALOG,
    )
    def void_payment_detail(self, request, object_id):
        payment = self.get_record_or_404(object_id)
        response = confirm_record(self, request, payment, VOID)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            return HttpResponseRedirect(f"{parent_url(payment)}#related")
        return response  # the question, or the form again with its error


def parent_url(payment) -> str:
    """The record page of the payment's order or contract."""
    if payment.order_id is not None:
        return reverse("admin:crm_order_change", args=[payment.order_id])
    return reverse("admin:crm_contract_change", args=[payment.contract_id])


def payment_row_links(request, parent, payment) -> list[tuple[str, str]]:
    if payment.is_void or not request.user.has_perm("crm.change_payment"):
        return []
    edit = reverse("admin:crm_payment_change", args=[payment.pk]) + "?edit=1"
    void = reverse("admin:crm_payment_void_payment_detail", args=[payment.pk])
    return [("Edit", edit), ("Void", void)]


def payments_related_list() -> RelatedList:
    style = style_of(Payment)
    return RelatedList(
        key="payments",
        title="Payments",
        icon=style.icon,
        color=style.color,
        rows=order_payments,
        parent_field="order",
        allow_new=False,
        card_action=parent_action_button("log_payment_detail"),
        limit=25,
        columns=(
            Column("Payment", struck_if_void(str), link=True),
            Column("Date", struck_if_void("payment_date")),
            Column("Amount", AMOUNT),
            Column("Method", struck_if_void("get_payment_method_display")),
            Column("Status", "get_status_display"),
            Column("Service period", struck_if_void(service_period)),
        ),
        row_actions=payment_row_links,
    )
