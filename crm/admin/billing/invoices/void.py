"""Void Invoice (issue 26): a dialog over the invoice showing its total, what was paid and its
balance, asking the required reason, which ``void_invoice`` keeps on the invoice (shown on its
page and in its history). A void invoice stays on record and its contract period may be
invoiced again."""

from django import forms
from django.utils.formats import date_format
from unfold.widgets import UnfoldAdminTextareaWidget

from crm.admin.billing.invoices.cards import (
    INVOICE_BALANCE,
    INVOICE_PAID,
    INVOICE_TOTAL,
    with_amounts,
)
from crm.admin.kit.confirm import Confirmation
from crm.admin.kit.dialog import Preview
from crm.services.invoices import void_invoice

VOID_QUESTION = "Are you sure you want to void this invoice? The client no longer owes it."
VOID_CONSEQUENCE = "A void invoice stays on record, marked Void, and never counts again."
REASON_REQUIRED = "Say why the invoice is voided."
REASON_MAX = 2000


class VoidInvoiceForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
        help_text="Kept on the invoice and in its history, e.g. “Issued for the wrong period”.",
        error_messages={"required": REASON_REQUIRED},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason


def _void(request, invoice, *, version, data):
    void_invoice(invoice, user=request.user, reason=data["reason"], version=version)


def _preview(request, invoice) -> Preview:
    invoice = with_amounts(invoice)
    return Preview(
        facts=[
            ("Total", INVOICE_TOTAL.money(invoice)),
            ("Paid", INVOICE_PAID.money(invoice)),
            ("Balance due", INVOICE_BALANCE.money(invoice)),
            ("Due date", date_format(invoice.due_date)),
        ]
    )


VOID = Confirmation(
    verb="Void Invoice",
    question=VOID_QUESTION,
    done="was voided",
    run=_void,
    danger=True,
    form_class=VoidInvoiceForm,
    preview=_preview,
    consequence=VOID_CONSEQUENCE,
)
