"""Retainer contracts: the list (number, account, period, cycle, computed cycle amount, status)
and the record page — highlights (account, status, start–end, cycle, cycle amount, paid this
year, overdue in red), the status path (Activate, Terminate behind confirmations; Expired is
set by ``manage.py expire_contracts``), line items and payments as cards, Log Payment, Renew.
Dates, term and cycle are editable while the contract is a draft."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display
from unfold.enums import ActionVariant
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.billing.columns import CRMExportMixin, figure
from crm.admin.billing.contracts.children import contract_lines_related_list, contract_payments_list
from crm.admin.billing.contracts.payments import log_contract_payment_view
from crm.admin.billing.invoices.cards import contract_invoices_related_list
from crm.admin.billing.invoices.issuing import IssuePeriodInvoiceMixin
from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.columns import date_range
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.money_columns import MoneyCell
from crm.admin.kit.number_search import NumberSearchMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.models.contracts import Contract, ContractStatus, parse_contract_number
from crm.models.money import currency_choices, default_currency
from crm.selectors.contracts import contract_figures, contract_list, contract_with_cycle_amount
from crm.services.contracts import (
    DRAFT_ONLY_FIELDS,
    activate_contract,
    renew_contract,
    terminate_contract,
)

STATUS_COLORS = {
    "Draft": "info",
    "Activated": "success",
    "Expired": "warning",
    "Terminated": "danger",
}
EXPIRES_BY_ITSELF = "A contract expires by itself the day after its end date."
PATH_ACTIONS = {
    ContractStatus.ACTIVATED: "activate_detail",
    ContractStatus.TERMINATED: "terminate_detail",
}


def _activate(contract, *, target, user, version):
    return activate_contract(contract, user=user, version=version)


def _terminate(contract, *, target, user, version):
    return terminate_contract(contract, user=user, version=version)


CONTRACT_ACTIONS = (
    TransitionAction(
        "activate",
        "Activate",
        ContractStatus.ACTIVATED,
        "Activate {record}? From its start date it expects a payment every billing cycle.",
        "was activated",
        icon="play_circle",
        service=_activate,
    ),
    TransitionAction(
        "terminate",
        "Terminate",
        ContractStatus.TERMINATED,
        "Terminate {record}? Its end date becomes today and no payment is expected after it.",
        "was terminated",
        icon="cancel",
        danger=True,
        service=_terminate,
    ),
)


def _renew(request, contract, *, version, data):
    request._crm_renewal = renew_contract(contract, user=request.user)


RENEW = Confirmation(
    verb="Renew",
    question="Create a draft renewal of {record} starting the day after it ends?",
    done="was renewed",
    run=_renew,
    danger=False,
)


def with_cycle_amount(contract):
    """The contract with its ``cycle_amount`` annotation (re-read once when it was not)."""
    if not hasattr(contract, "cycle_amount"):
        contract.cycle_amount = contract_with_cycle_amount(contract.pk).cycle_amount
    return contract


def figures(contract):
    """Paid this year / overdue for the highlights, computed once per record read."""
    if not hasattr(contract, "_crm_figures"):
        amount = with_cycle_amount(contract).cycle_amount
        contract._crm_figures = contract_figures(contract, cycle_amount=amount)
    return contract._crm_figures


CYCLE_AMOUNT = MoneyCell("cycle_amount", load=with_cycle_amount)
PAID_THIS_YEAR = MoneyCell(lambda contract: figures(contract).paid_this_year)
OVERDUE = MoneyCell(lambda contract: figures(contract).overdue, red_if=bool)  # any is late


class ContractForm(VersionedAdminForm):
    currency = forms.ChoiceField(choices=currency_choices, widget=UnfoldAdminSelectWidget)

    class Meta:
        model = Contract
        fields = ["account", "opportunity", *DRAFT_ONLY_FIELDS[1:], "description", "owner"]


@admin.register(Contract)
class ContractAdmin(NumberSearchMixin, IssuePeriodInvoiceMixin, CRMExportMixin, RecordAdmin):
    parse_search_number = staticmethod(parse_contract_number)
    form = ContractForm
    change_form_outer_before_template = "crm/billing/contract_page_top.html"
    clone_enabled = False
    prefill_parent_fields = ("account",)
    return_to_parent = False
    autocomplete_fields = ["account", "opportunity"]
    highlight_fields = (
        "account",
        "status",
        "period_display",
        "billing_cycle",
        "cycle_figure",
        "paid_figure",
        "overdue_figure",
    )
    path_field = "status"
    path_actions, path_refusal = PATH_ACTIONS, EXPIRES_BY_ITSELF
    path_final = (ContractStatus.EXPIRED, ContractStatus.TERMINATED)
    path_lost = (ContractStatus.TERMINATED,)
    transition_actions = CONTRACT_ACTIONS
    header_actions = ("log_payment_detail", "issue_invoice_detail", "renew_detail")
    related_lists = (
        contract_lines_related_list(),
        contract_payments_list(),
        contract_invoices_related_list(),
    )

    list_display = (
        "number_display",
        "account_name",
        "period_display",
        "billing_cycle",
        "cycle_display",
        "status_badge",
        "owner",
    )
    list_display_links = ("number_display",)
    list_related_fields = {"account": ("name",), "owner": USER_NAME}
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("billing_cycle", ChoicesDropdownFilter),
        ("end_date", RangeDateFilter),
        OwnerFilter,
    )
    list_select_related = ("account", "owner")
    search_fields = ("account__name",)
    search_help_text = "Search by contract number (CTR-000012) or account name"
    ordering = ("-start_date", "-pk")
    readonly_fields = ("status", "end_date", "number_display", "cycle_display")

    def get_fieldsets(self, request, obj=None):
        term = ("start_date", "term_months", "end_date") if obj else ("start_date", "term_months")
        return (
            ("Contract", {"fields": ("account", "opportunity", term, "billing_cycle")}),
            ("Details", {"fields": ("currency", "description", "owner")}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != ContractStatus.DRAFT:
            readonly += [*DRAFT_ONLY_FIELDS, "opportunity"]
        elif obj is not None:
            readonly += ["opportunity"]
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("currency", default_currency())
        return initial

    def get_queryset(self, request):
        return contract_list()

    # --- columns and highlights ---------------------------------------------------------------
    @display(description="Contract number", ordering="pk")
    def number_display(self, obj):
        return obj.number

    @display(description="Account", ordering="account__name")
    def account_name(self, obj):
        return obj.account.name

    @display(description="Period", ordering="start_date")
    def period_display(self, obj):
        return date_range(obj.start_date, obj.end_date)

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()

    cycle_display = CYCLE_AMOUNT.column("Cycle amount")

    cycle_figure = figure("Cycle amount", CYCLE_AMOUNT, key="cycle")
    paid_figure = figure("Paid this year", PAID_THIS_YEAR, key="paid")
    overdue_figure = figure("Overdue", OVERDUE, key="overdue")

    # --- path: Activate / Terminate behind their confirmations --------------------------------
    # --- Log Payment and Renew ---------------------------------------------------------------
    def has_log_payment_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_payment"):
            return False
        if object_id is None:
            return True
        contract = self.get_record(request, object_id)
        return contract is not None and contract.status != ContractStatus.DRAFT

    @action(
        description="Log Payment",
        url_path="log-payment",
        permissions=["log_payment"],
        icon="payments",
        variant=ActionVariant.PRIMARY,
    )
    def log_payment_detail(self, request, object_id):
        contract = contract_with_cycle_amount(int(object_id))
        if contract is None:
            return self.get_record_or_404(object_id)
        return log_contract_payment_view(self, request, contract)

    def has_renew_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_contract"):
            return False
        contract = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (
            contract is not None and contract.status != ContractStatus.DRAFT
        )

    @action(
        description="Renew",
        url_path="renew",
        permissions=["renew"],
        icon="autorenew",
        attrs=DIALOG,
    )
    def renew_detail(self, request, object_id):
        contract = self.get_record_or_404(object_id)
        response = confirm_record(self, request, contract, RENEW)
        renewal = getattr(request, "_crm_renewal", None)
        if renewal is not None:
            return HttpResponseRedirect(self.record_url(renewal))
        return response
