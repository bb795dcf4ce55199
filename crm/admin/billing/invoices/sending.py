""" "Send Invoice" (issue 26): a dialog over the invoice with To prefilled with the account's
billing contact, the subject and body prefilled from the built-in text — every part editable
— and the PDF attached. ``send_invoice`` queues the email in the outbox (the worker sends it;
it shows on the account's timeline). Addresses are checked in the form (one per line or comma,
no header tricks); the page carries a one-time token, so a double submit sends one email."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from unfold.decorators import action
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from crm.admin.billing.invoices.cards import INVOICE_BALANCE, with_amounts
from crm.admin.kit import once
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG, Preview
from crm.models.invoices import InvoiceStatus
from crm.services.invoices import send_invoice
from crm.services.invoices.emails import invoice_email_defaults

# A draft is issued as it is sent (send_invoice); a void invoice is never sent.
SENDABLE = (
    InvoiceStatus.DRAFT,
    InvoiceStatus.ISSUED,
    InvoiceStatus.PARTIALLY_PAID,
    InvoiceStatus.PAID,
)
SEPARATORS = re.compile(r"[,;\s]+")
NO_ADDRESS = "Enter the address to send the invoice to (the account has no billing contact)."
BAD_ADDRESS = "'{address}' is not an email address."
ONE_LINE = "The subject must be one line."
SUBJECT_MAX = 255


def parse_addresses(text: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or new lines; each one checked."""
    addresses = [part for part in SEPARATORS.split(text or "") if part]
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(BAD_ADDRESS.format(address=address[:80])) from None
    return addresses


class SendInvoiceForm(forms.Form):
    to = forms.CharField(
        label="To",
        widget=UnfoldAdminTextInputWidget,
        help_text="Several addresses: separate them with commas.",
        error_messages={"required": NO_ADDRESS},
    )
    subject = forms.CharField(
        label="Subject", max_length=SUBJECT_MAX, widget=UnfoldAdminTextInputWidget
    )
    body = forms.CharField(
        label="Message",
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 12}),
        help_text="Sent as plain text; the invoice PDF is attached.",
    )

    def __init__(self, *args, invoice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if invoice is not None and not self.is_bound:
            defaults = invoice_email_defaults(invoice)
            self.initial.update(to=defaults.to, subject=defaults.subject, body=defaults.body)

    def clean_to(self):
        addresses = parse_addresses(self.cleaned_data["to"])
        if not addresses:
            raise ValidationError(NO_ADDRESS)
        return addresses

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise ValidationError(ONE_LINE)
        return subject.strip()


def _send(request, invoice, *, version, data):
    send_invoice(
        invoice,
        user=request.user,
        to=data["to"],
        subject=data["subject"],
        body=data["body"],
    )
    return invoice


def _preview(request, invoice) -> Preview:
    invoice = with_amounts(invoice)
    return Preview(
        facts=[
            ("Attached", f"{invoice.number}.pdf"),
            ("Balance due", INVOICE_BALANCE.money(invoice)),
        ]
    )


SEND = Confirmation(
    verb="Send Invoice",
    question="Send {record} to the client by email?",
    done="was queued for sending; it shows on the account's Activity tab",
    run=_send,
    danger=False,
    once=True,
    needs_version=False,  # sending writes an email, never the invoice
    form_class=SendInvoiceForm,
    form_kwargs=lambda request, invoice: {"invoice": invoice},
    result_url=lambda invoice: reverse("admin:crm_invoice_change", args=[invoice.pk]),
    preview=_preview,
)


class SendInvoiceMixin:
    """Mix into InvoiceAdmin and list ``send_invoice_detail`` in its header actions."""

    def has_send_invoice_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.send_invoice"):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        invoice = self.get_record(request, object_id)
        return invoice is not None and invoice.status in SENDABLE

    @action(
        description="Send Invoice",
        url_path="send",
        permissions=["send_invoice"],
        icon="send",
        attrs=DIALOG,
    )
    def send_invoice_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), SEND)
