""" "Issue Invoice" on an order's and a contract's page (issue 26), as dialogs over the record:
an order is invoiced for its balance due, or for a chosen amount as a part invoice
(``issue_order_invoice``); a contract for one of its service periods that has no invoice yet
(``issue_period_invoice``). Each dialog carries a one-time token, so a double submit issues
one invoice, and lands on the new invoice's page. Refusals come back as an error toast."""

from datetime import date

from django import forms
from django.urls import reverse
from djmoney.money import Money
from unfold.decorators import action
from unfold.enums import ActionVariant
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSelectWidget

from crm.admin.kit import once
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG, Preview
from crm.models.contracts import ContractStatus
from crm.models.orders import OrderStatus
from crm.selectors.contracts import contract_with_cycle_amount
from crm.selectors.invoice_lists import uninvoiced_periods
from crm.selectors.invoicing import order_invoicing
from crm.services.invoices import issue_order_invoice, issue_period_invoice

ISSUE_PERMISSION = "crm.add_invoice"
ORDER_QUESTION = (
    "Issue an invoice for this order? Leave the amount empty to invoice what is left to "
    "invoice (its balance due), or enter a smaller amount for a part invoice."
)
CONTRACT_QUESTION = "Issue the invoice of one service period of this contract?"
NO_PERIOD = "Every service period of this contract has an invoice already."
CONSEQUENCE = "An issued invoice never changes; a wrong one is voided, never edited."


def _invoice_url(invoice) -> str:
    return reverse("admin:crm_invoice_change", args=[invoice.pk])


# --- from an order -------------------------------------------------------------------------------
class OrderInvoiceForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
        help_text="Empty: all that is left to invoice. A smaller amount makes a part invoice.",
    )


def _issue_for_order(request, order, *, version, data):
    return issue_order_invoice(order, user=request.user, amount=data.get("amount"))


def _order_preview(request, order) -> Preview:
    figures = order_invoicing(order)
    currency = order.currency
    return Preview(
        facts=[
            ("Order total", Money(figures.total, currency)),
            ("Already invoiced", Money(figures.invoiced, currency)),
            ("Paid without an invoice", Money(figures.paid_without_invoice, currency)),
            ("Left to invoice", Money(figures.not_invoiced, currency)),
        ]
    )


ISSUE_FROM_ORDER = Confirmation(
    verb="Issue Invoice",
    question=ORDER_QUESTION,
    done="has a new invoice",
    run=_issue_for_order,
    danger=False,
    once=True,
    needs_version=False,  # the invoice is new; the order itself does not change
    form_class=OrderInvoiceForm,
    result_url=_invoice_url,
    preview=_order_preview,
    consequence=CONSEQUENCE,
)


class IssueOrderInvoiceMixin:
    """Mix into OrderAdmin and list ``issue_invoice_detail`` in its header actions."""

    def has_issue_invoice_permission(self, request, object_id=None):
        if not request.user.has_perm(ISSUE_PERMISSION):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        order = self.get_record(request, object_id)
        return order is not None and order.status != OrderStatus.CANCELLED

    @action(
        description="Issue Invoice",
        url_path="issue-invoice",
        permissions=["issue_invoice"],
        icon="receipt",
        attrs=DIALOG,
    )
    def issue_invoice_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), ISSUE_FROM_ORDER)


# --- for a contract period ------------------------------------------------------------------
class PeriodInvoiceForm(forms.Form):
    period = forms.ChoiceField(
        label="Service period",
        widget=UnfoldAdminSelectWidget,
        error_messages={"required": "Choose the service period to invoice."},
    )

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        periods = uninvoiced_periods(contract) if contract is not None else []
        self.fields["period"].choices = [(p.value, p.label) for p in periods]
        if periods:
            self.fields["period"].initial = periods[0].value
        else:
            self.fields["period"].help_text = NO_PERIOD

    def clean_period(self):
        return date.fromisoformat(self.cleaned_data["period"])


def _issue_for_period(request, contract, *, version, data):
    return issue_period_invoice(contract, period_start=data["period"], user=request.user)


def _contract_preview(request, contract) -> Preview:
    contract = contract_with_cycle_amount(contract.pk)
    return Preview(
        facts=[
            ("Billing cycle", contract.get_billing_cycle_display()),
            ("Cycle amount", Money(contract.cycle_amount, contract.currency)),
        ]
    )


ISSUE_FOR_PERIOD = Confirmation(
    verb="Issue Invoice",
    question=CONTRACT_QUESTION,
    done="has a new invoice",
    run=_issue_for_period,
    danger=False,
    once=True,
    needs_version=False,
    form_class=PeriodInvoiceForm,
    form_kwargs=lambda request, contract: {"contract": contract},
    result_url=_invoice_url,
    preview=_contract_preview,
    consequence=CONSEQUENCE,
)


class IssuePeriodInvoiceMixin:
    """Mix into ContractAdmin and list ``issue_invoice_detail`` in its header actions."""

    def has_issue_invoice_permission(self, request, object_id=None):
        if not request.user.has_perm(ISSUE_PERMISSION):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        contract = self.get_record(request, object_id)
        return contract is not None and contract.status != ContractStatus.DRAFT

    @action(
        description="Issue Invoice",
        url_path="issue-invoice",
        permissions=["issue_invoice"],
        icon="receipt",
        variant=ActionVariant.DEFAULT,
        attrs=DIALOG,
    )
    def issue_invoice_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), ISSUE_FOR_PERIOD)
