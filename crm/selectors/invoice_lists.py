"""Read queries for the invoice screens: the list and record page (paid and balance due
annotated by ``with_amounts``, never per row), the list views' filters, the related lists
that show invoices on an account, order or contract, an invoice's lines and payments, and the
service periods of a contract that have no invoice yet (the Issue Invoice dialog)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from crm.models import Account
from crm.models.contracts import Contract
from crm.models.invoice_lines import InvoiceLine
from crm.models.invoices import Invoice, InvoiceStatus
from crm.models.orders import Order
from crm.models.payments import Payment, PaymentStatus
from crm.selectors.list_views import month_bounds

UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


def invoice_list() -> QuerySet[Invoice]:
    """Every invoice with its account, order or contract and owner, paid and balance due."""
    return Invoice.objects.with_amounts().select_related("account", "order", "contract", "owner")


def invoice_with_amounts(invoice_id: int) -> Invoice | None:
    return invoice_list().filter(pk=invoice_id).first()


def printable_invoice(invoice_id: int) -> Invoice | None:
    """The invoice with what its document prints: amounts, parent, account and its billing
    contact (one query)."""
    return invoice_list().select_related("account__billing_contact").filter(pk=invoice_id).first()


def invoice_lines(invoice: Invoice) -> QuerySet[InvoiceLine]:
    """The invoice's snapshot lines, in the order they were copied."""
    return InvoiceLine.objects.filter(invoice=invoice).order_by("pk")


def invoice_payments(invoice: Invoice) -> QuerySet[Payment]:
    """The payments naming the invoice, newest first; void ones stay listed."""
    return Payment.objects.filter(invoice=invoice).order_by("-payment_date", "-pk")


def account_invoices(account: Account) -> QuerySet[Invoice]:
    return invoice_list().filter(account=account).order_by("-issue_date", "-pk")


def order_invoices(order: Order) -> QuerySet[Invoice]:
    return invoice_list().filter(order=order).order_by("-issue_date", "-pk")


def contract_invoices(contract: Contract) -> QuerySet[Invoice]:
    return invoice_list().filter(contract=contract).order_by("-service_period_start", "-pk")


# --- the list views ------------------------------------------------------------------------------
def unpaid_invoices(queryset: QuerySet) -> QuerySet:
    """Issued or partially paid: money is still expected."""
    return queryset.filter(status__in=UNPAID)


def overdue_invoices(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """Unpaid and past their due date."""
    today = today or timezone.localdate()
    return unpaid_invoices(queryset).filter(due_date__lt=today)


def invoices_paid_this_month(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """Paid, with a completed payment naming them dated this month."""
    this_month = Payment.objects.filter(
        invoice=OuterRef("pk"),
        status=PaymentStatus.COMPLETED,
        payment_date__range=month_bounds(today),
    )
    return queryset.filter(status=InvoiceStatus.PAID).filter(Exists(this_month))


def is_overdue(invoice: Invoice, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return invoice.status in UNPAID and invoice.due_date is not None and invoice.due_date < today


# --- the contract's periods without an invoice ---------------------------------------------------
@dataclass(frozen=True)
class OpenPeriod:
    start: date
    end: date

    @property
    def value(self) -> str:
        return self.start.isoformat()

    @property
    def label(self) -> str:
        return f"{self.start:%b %d, %Y} – {self.end:%b %d, %Y}"


def uninvoiced_periods(contract: Contract) -> list[OpenPeriod]:
    """The contract's service periods that have no invoice but a void one (one query)."""
    invoiced = set(
        Invoice.objects.filter(contract=contract)
        .exclude(status=InvoiceStatus.VOID)
        .values_list("service_period_start", flat=True)
    )
    return [
        OpenPeriod(start, end) for start, end in contract.cycle_periods() if start not in invoiced
    ]
