"""The invoices behind the retainer report's Overdue panel (issue 26): for each overdue month
of a contract, the live invoice whose service period covers it and when its last payment
reminder went. One query for the whole panel."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from crm.models.invoices import Invoice


@dataclass(frozen=True)
class PeriodInvoice:
    invoice_id: int
    number: str
    last_reminder: date | None  # None: no reminder went yet


def overdue_period_invoices(
    months: Iterable[tuple[int, date]],
) -> dict[tuple[int, date], PeriodInvoice]:
    """``{(contract id, first day of month): PeriodInvoice}`` for the months that have one."""
    wanted = set(months)
    if not wanted:
        return {}
    days = [day for _, day in wanted]
    rows = (
        Invoice.objects.live()
        .filter(
            contract_id__in={contract_id for contract_id, _ in wanted},
            service_period_start__lte=max(days),
            service_period_end__gte=min(days),
        )
        .annotate(last_reminder=Max("reminders__sent_on"))
        .order_by("service_period_start")
        .values_list(
            "pk", "contract_id", "service_period_start", "service_period_end", "last_reminder"
        )
    )
    by_contract: dict[int, list[tuple]] = {}
    for row in rows:
        by_contract.setdefault(row[1], []).append(row)
    found = {}
    for contract_id, day in wanted:
        for pk, _, start, end, last in by_contract.get(contract_id, ()):
            if start <= day <= end:  # periods start on the first of a month, as cells do
                found[(contract_id, day)] = PeriodInvoice(pk, Invoice(pk=pk).number, last)
                break
    return found
