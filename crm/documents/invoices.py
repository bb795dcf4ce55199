"""An invoice as a Document and as PDF (Send Invoice attaches it; the invoice page downloads
it and prints the same Document): the client's billing address and contact, the order or
the contract and its service period, the line snapshots, total / paid / balance due, the
payment terms and the agency's bank details."""

from crm.documents.model import Document, DocumentLine
from crm.documents.pdf import render_pdf
from crm.documents.wording import long_date, money, quantity, standard_footer
from crm.models.invoices import Invoice, InvoiceStatus
from crm.selectors.company import company_information
from crm.selectors.invoice_lists import invoice_lines, printable_invoice

TITLES = {InvoiceStatus.DRAFT: "Draft invoice", InvoiceStatus.VOID: "Invoice (void)"}


def _bill_to(invoice: Invoice) -> list[str]:
    account = invoice.account
    lines = [account.name]
    contact = account.billing_contact
    if contact is not None:
        lines.append(f"Attn: {contact}")
    lines.extend(line for line in account.billing_address.splitlines() if line.strip())
    if contact is not None and contact.email:
        lines.append(contact.email)
    return lines


def _about(invoice: Invoice) -> list[str]:
    if invoice.order_id is not None:
        return [f"Order {invoice.order.number}", f"Ordered {long_date(invoice.order.order_date)}"]
    start, end = invoice.service_period_start, invoice.service_period_end
    about = [f"Contract {invoice.contract.number}"]
    if start is not None:
        about.append(f"Service period {long_date(start)} – {long_date(end)}")
    return about


def invoice_document(invoice: Invoice) -> Document:
    invoice = printable_invoice(invoice.pk)
    currency = invoice.currency
    lines = [
        DocumentLine(
            description=line.description,
            quantity=quantity(line.quantity),
            unit_price=money(line.unit_price, currency),
            amount=money(line.total, currency),
        )
        for line in invoice_lines(invoice)
    ]
    totals = [(f"Total ({currency})", money(invoice.total, currency))]
    if invoice.amount_paid:
        totals.append(("Paid", money(invoice.amount_paid, currency)))
    totals.append(("Balance due", money(invoice.balance_due, currency)))
    due = long_date(invoice.due_date)
    notes = invoice.notes
    if invoice.status == InvoiceStatus.VOID:
        notes = "\n".join(part for part in (f"Void: {invoice.void_reason}", notes) if part)
    return Document(
        title=TITLES.get(invoice.status, "Invoice"),
        number=invoice.number,
        meta=[("Issue date", long_date(invoice.issue_date)), ("Due date", due)],
        bill_to=_bill_to(invoice),
        about_heading="For",
        about=_about(invoice),
        lines=lines,
        totals=totals,
        notes=notes,
        payment_details=company_information().bank_details,
        footer=[
            f"Please pay by {due}, quoting {invoice.number}. Amounts are in {currency}.",
            *standard_footer(invoice.number),
        ],
    )


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf(invoice_document(invoice))
