"""Send Invoice (issue #26), through the outbox.

Every invoice email goes through ``crm.services.outbox.queue_email``: it is recorded (and
shows as an Email activity on the invoice's order or contract, so on the account's timeline)
and the worker sends it after the transaction commits, with the invoice PDF attached. Admins
only (``crm.send_invoice``); reminders (``reminders.py``) run as the system too."""

from django.db import transaction

from crm.documents.invoices import invoice_pdf
from crm.errors import BusinessRuleError
from crm.models.invoices import Invoice, InvoiceStatus
from crm.selectors.company import company_information
from crm.services.invoices.emails import InvoiceEmail, invoice_email_defaults
from crm.services.invoices.issue import lock_parent, require
from crm.services.invoices.settle import settle_invoice
from crm.services.outbox import queue_email
from crm.services.records import save_record
from crm.services.transitions import copy_saved_state, lock

ONLY_ADMINS = "Only admins can send invoices and payment reminders."
VOID_NOT_SENT = "{invoice} is void: it cannot be sent."
NO_ADDRESS = "Add a billing contact with an email to {account}, or type an address."
PDF = "application/pdf"


def queue_invoice_email(invoice: Invoice, email: InvoiceEmail, *, user, cc=(), dedupe_key=None):
    """Queue ``email`` about ``invoice`` with its PDF, filed under its order or contract."""
    return queue_email(
        user=user,
        to=email.to,
        cc=cc,
        subject=email.subject,
        body=email.body,
        related=invoice.order if invoice.order_id is not None else invoice.contract,
        person=email.person,
        attachments=[(f"{invoice.number}.pdf", invoice_pdf(invoice), PDF)],
        dedupe_key=dedupe_key,
        reply_to=company_information().reply_to_email or "",
    )


def _given(value) -> bool:
    if isinstance(value, list | tuple):
        return any(str(item).strip() for item in value)
    return value is not None and bool(str(value).strip())


@transaction.atomic
def send_invoice(invoice: Invoice, *, user, to=None, subject=None, body=None, cc=()):
    """Email the invoice with its PDF to the account's billing contact (or ``to``), with the
    built-in subject and text unless given. A draft is issued first; a void invoice is not
    sent. Returns the ``EmailMessage`` (queued; the worker sends it)."""
    require(user, "send_invoice", ONLY_ADMINS)
    lock_parent(invoice)
    locked = lock(invoice)
    if locked.status == InvoiceStatus.VOID:
        raise BusinessRuleError(VOID_NOT_SENT.format(invoice=locked))
    if locked.status == InvoiceStatus.DRAFT:
        locked.issue()
        save_record(locked, user=user, validate=False)
        settle_invoice(locked, user=user)
    defaults = invoice_email_defaults(locked)
    if not _given(to) and not defaults.to:
        raise BusinessRuleError(NO_ADDRESS.format(account=locked.account))
    typed = _given(to)
    email = InvoiceEmail(
        to=to if typed else defaults.to,
        subject=subject if _given(subject) else defaults.subject,
        body=body if _given(body) else defaults.body,
        # The activity names the billing contact when the email goes to them.
        person=defaults.person if not typed or defaults.to in str(to) else None,
    )
    message = queue_invoice_email(locked, email, user=user, cc=cc)
    copy_saved_state(locked, onto=invoice)
    return message
