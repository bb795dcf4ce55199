"""An invoice's paid state follows the completed payments that name it (issue #26), like an
order's: ``settle_invoice`` runs in the transaction of every payment change, with the
invoice row locked, so concurrent payments are applied one after the other."""

from decimal import Decimal

from django.db import transaction

from crm.models.invoices import SETTLED_STATES, Invoice, InvoiceStatus
from crm.services.transitions import copy_saved_state, lock


def invoice_status_for(*, total: Decimal, paid: Decimal) -> str:
    """paid ≥ total → Paid (a zero invoice is settled at once); some paid → Partially Paid;
    nothing paid → Issued."""
    if paid >= total:
        return InvoiceStatus.PAID
    if paid > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


@transaction.atomic
def settle_invoice(invoice: Invoice, *, user=None) -> Invoice:
    """Set the issued invoice's paid state from its completed payments. Drafts and void
    invoices stay put. Callers hold the order's or contract's row lock (always taken first:
    no deadlocks); the invoice row is locked here and the sums read under it."""
    locked = lock(invoice)
    if locked.status in SETTLED_STATES:
        sums = Invoice.objects.with_amounts().filter(pk=locked.pk).values("total", "amount_paid")
        amounts = sums.get()
        target = invoice_status_for(total=amounts["total"], paid=amounts["amount_paid"])
        if target != locked.status:
            moves = {
                InvoiceStatus.ISSUED: locked.mark_issued,
                InvoiceStatus.PARTIALLY_PAID: locked.mark_partially_paid,
                InvoiceStatus.PAID: locked.mark_paid,
            }
            moves[target]()
            locked._history_user = user
            locked.save()
    copy_saved_state(locked, onto=invoice)
    return locked


def settle_invoices(invoice_ids, *, user=None) -> None:
    """Settle each invoice named (ids; None skipped), in id order."""
    for invoice_id in sorted({pk for pk in invoice_ids if pk is not None}):
        settle_invoice(Invoice(pk=invoice_id), user=user)
