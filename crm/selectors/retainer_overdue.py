"""The Home KPI "Overdue retainer payments" (SPEC §6): the retainer report's overdue months,
this year and last, counted and summed per currency (crm.selectors.retainers draws the grid)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from crm.models.money import ZERO
from crm.selectors.retainers import retainer_grid


@dataclass(frozen=True)
class OverdueSummary:
    count: int  # overdue account-months
    accounts: int
    amounts: dict[str, Decimal]  # per currency, never added together


def overdue_summary(*, owner=None, today: date | None = None) -> OverdueSummary:
    """The Home KPI: overdue retainer months this year and last year (December's payment is
    still owed in January), with the amount owed per currency. Six queries."""
    today = today or timezone.localdate()
    count, accounts, amounts = 0, set(), {}
    for year in (today.year - 1, today.year):
        for row in retainer_grid(year=year, owner=owner, today=today).rows:
            if row.overdue_amount > 0:
                count += len(row.overdue_months)
                accounts.add(row.account_id)
                amounts[row.currency] = amounts.get(row.currency, ZERO) + row.overdue_amount
    return OverdueSummary(count=count, accounts=len(accounts), amounts=amounts)
