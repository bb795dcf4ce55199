"""Read queries behind invoicing (issue #26): how much of an order is left to invoice, which
contract periods are due for an invoice, and which live invoice covers a period. Data only;
the services in ``crm.services.invoices`` decide and write."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, OuterRef, QuerySet, Subquery, Sum

from crm.models.contracts import Contract, ContractStatus, add_months
from crm.models.invoice_reminders import InvoiceReminder
from crm.models.invoices import Invoice
from crm.models.money import ZERO
from crm.models.orders import Order
from crm.models.payments import Payment, PaymentStatus


def invoice_lead_days() -> int:
    return int(getattr(settings, "CRM_INVOICE_LEAD_DAYS", 7))


@dataclass(frozen=True)
class OrderInvoicing:
    total: Decimal
    invoiced: Decimal  # Σ live (non-void) invoices of the order
    paid_without_invoice: Decimal  # completed payments that name no invoice

    @property
    def not_invoiced(self) -> Decimal:
        """What a new invoice may still ask for: neither invoiced nor paid already."""
        return max(self.total - self.invoiced - self.paid_without_invoice, ZERO)

    @property
    def untouched(self) -> bool:
        """Nothing invoiced or paid yet: an invoice may copy the order's lines as they are."""
        return self.invoiced == 0 and self.paid_without_invoice == 0


def order_invoicing(order: Order) -> OrderInvoicing:
    """Three queries: the order total, its live invoices, its payments without an invoice."""
    total = Order.objects.with_totals().filter(pk=order.pk).values_list("total", flat=True).get()
    invoiced = Invoice.objects.live().filter(order=order).aggregate(sum=Sum("total"))["sum"] or ZERO
    paid = (
        Payment.objects.filter(
            order=order, status=PaymentStatus.COMPLETED, invoice__isnull=True
        ).aggregate(sum=Sum("amount"))["sum"]
        or ZERO
    )
    return OrderInvoicing(total=total, invoiced=invoiced, paid_without_invoice=paid)


def live_period_invoice(contract_id: int, day: date) -> Invoice | None:
    """The live invoice of the contract whose service period contains ``day``."""
    return (
        Invoice.objects.live()
        .filter(
            contract_id=contract_id,
            service_period_start__lte=day,
            service_period_end__gte=day,
        )
        .order_by("service_period_start")
        .first()
    )


def unlinked_period_payments(contract_id: int, start: date, end: date):
    """Payments of the contract for a service period starting inside ``start``–``end`` that
    name no invoice yet (logged before the period's invoice was issued)."""
    return Payment.objects.filter(
        contract_id=contract_id,
        invoice__isnull=True,
        service_period_start__gte=start,
        service_period_start__lte=end,
    ).exclude(status=PaymentStatus.VOID)


@dataclass(frozen=True)
class DuePeriod:
    contract: Contract  # annotated with cycle_amount
    start: date
    end: date


def billing_window(as_of: date) -> tuple[date, date]:
    """(as_of, as_of + lead days): a period is due when it starts by the second date and has
    not ended before the first."""
    return as_of, as_of + timedelta(days=invoice_lead_days())


def periods_due_for_invoice(as_of: date) -> list[DuePeriod]:
    """Every period of an activated contract with ``start ≤ as_of + lead days`` and
    ``end ≥ as_of`` that has no live invoice yet, oldest first. Two queries, whatever the
    number of contracts."""
    first_day, horizon = billing_window(as_of)
    # A period starts on the first of a month, at most a cycle before the contract's start.
    contracts = list(
        Contract.objects.with_cycle_amount()
        .select_related("account")
        .filter(
            status=ContractStatus.ACTIVATED,
            start_date__lte=add_months(horizon, 1),
            end_date__gte=add_months(first_day, -12),
        )
        .order_by("pk")
    )
    invoiced = defaultdict(set)
    rows = (
        Invoice.objects.live()
        .filter(contract__in=[c.pk for c in contracts], service_period_end__gte=first_day)
        .values_list("contract_id", "service_period_start")
    )
    for contract_id, start in rows:
        invoiced[contract_id].add(start)
    due = []
    for contract in contracts:
        for start, end in contract.cycle_periods():
            if start <= horizon and end >= first_day and start not in invoiced[contract.pk]:
                due.append(DuePeriod(contract, start, end))
    return sorted(due, key=lambda period: (period.start, period.contract.pk))


def with_last_reminder(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate ``last_reminder_on``: the day the latest payment reminder went (or None)."""
    last = InvoiceReminder.objects.filter(invoice=OuterRef("pk")).order_by("-sent_on", "-pk")
    return invoices.annotate(last_reminder_on=Subquery(last.values("sent_on")[:1]))


def last_reminder_by_contract(contract_ids) -> dict[int, date]:
    """contract id → the day the latest reminder about one of its invoices went (one
    query; contracts never reminded are left out) — the retainer report's Overdue panel."""
    rows = (
        InvoiceReminder.objects.filter(invoice__contract_id__in=list(contract_ids))
        .order_by()
        .values_list("invoice__contract_id")
        .annotate(last=Max("sent_on"))
    )
    return dict(rows)
