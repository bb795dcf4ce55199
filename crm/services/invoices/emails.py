"""The built-in text of invoice emails and payment reminders (issue #26), and who they go to.

Fixed text filled with ``str.format`` on known keys: a value (a client's name) is inserted as
it is, never read as a template; the worker sends the body as plain text plus escaped HTML,
so nothing becomes markup. ``invoice_email_defaults`` is what the Send Invoice dialog starts
from (every part editable before sending)."""

from dataclasses import dataclass

from django.utils import formats

from crm.formatting import format_money
from crm.models.invoices import Invoice
from crm.selectors.company import company_information
from crm.selectors.invoice_lists import printable_invoice

INVOICE_SUBJECT = "Invoice {number} from {company}"
INVOICE_BODY = (
    "Dear {greeting},\n\n"
    "Please find attached invoice {number} for {about}, totalling {total}.\n"
    "The balance due is {balance}, payable by {due_date}.\n\n"
    "{payment_details}"
    "Thank you for your business.\n\n"
    "Kind regards,\n{company}"
)
REMINDER_SUBJECT = "Reminder: invoice {number} is overdue"
REMINDER_BODY = (
    "Dear {greeting},\n\n"
    "This is a friendly reminder that invoice {number} for {about} was due on {due_date}"
    " and {balance} is still outstanding.\n\n"
    "If you have already paid, thank you, and please ignore this message. Otherwise we would"
    " be grateful if you could arrange payment soon; the invoice is attached again.\n\n"
    "{payment_details}"
    "Kind regards,\n{company}"
)


@dataclass(frozen=True)
class InvoiceEmail:
    to: str  # "" when the account has no billing contact with an email
    subject: str
    body: str
    person: object | None  # the billing contact (the email's activity names them)


def _long_date(day) -> str:
    return formats.date_format(day, "j F Y")


def _about(invoice: Invoice) -> str:
    if invoice.order_id is not None:
        return f"order {invoice.order.number}"
    if invoice.service_period_start is not None:
        start, end = invoice.service_period_start, invoice.service_period_end
        return f"{_long_date(start)} – {_long_date(end)} ({invoice.contract.number})"
    return f"contract {invoice.contract.number}"


def _fill(invoice: Invoice, subject: str, body: str) -> InvoiceEmail:
    invoice = printable_invoice(invoice.pk)  # amounts, account, contact, order / contract
    company = company_information()
    contact = invoice.account.billing_contact
    email = contact.email if contact is not None and contact.is_active else ""
    details = (company.bank_details or "").strip()
    values = {
        "greeting": (contact.full_name if email else "") or invoice.account.name,
        "number": invoice.number,
        "about": _about(invoice),
        "total": format_money(invoice.total.amount, invoice.currency),
        "balance": format_money(invoice.balance_due, invoice.currency),
        "due_date": _long_date(invoice.due_date),
        "payment_details": f"Payment details:\n{details}\n\n" if details else "",
        "company": company.legal_name,
    }
    return InvoiceEmail(
        to=email,
        subject=subject.format(**values),
        body=body.format(**values),
        person=contact if email else None,
    )


def invoice_email_defaults(invoice: Invoice) -> InvoiceEmail:
    return _fill(invoice, INVOICE_SUBJECT, INVOICE_BODY)


def reminder_email(invoice: Invoice) -> InvoiceEmail:
    return _fill(invoice, REMINDER_SUBJECT, REMINDER_BODY)
