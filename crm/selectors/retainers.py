"""The 12-month retainer report (SPEC §6); its overdue months feed the Home KPI "Overdue
retainer payments" (crm.selectors.retainer_overdue).

``retainer_grid(year=…)`` (a calendar year) or ``retainer_grid(start=…)`` (twelve months from
that month — the report's default rolling window ends with next month, see
``rolling_start``) answers in at most three queries whatever the data size: the
completed payments with a service period starting in the window, summed in the database per
account and currency into twelve month columns (contract payments, and payments on orders
that contain a retainer product); the billed contracts overlapping the year with their cycle
amount and account name; and the names of accounts paid only through orders (skipped when
there are none). Expected months are then laid out in memory (at most 12 per contract).

Currencies are never added together: a row is one account in one currency (an account paying
in USD and EUR has two rows) and the column totals are one line per currency.

Cell states: **paid** (paid ≥ expected, or money with nothing expected), **partial**
(0 < paid < expected), **overdue** (nothing paid and the grace period after the month's
start — ``CRM_RETAINER_GRACE_DAYS``, default 15 — has passed), **upcoming** (nothing paid,
not yet due). A partial cell past its grace keeps its amber state but its shortfall counts as
overdue (in the Overdue accounts panel and the KPI): the client still owes it."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from crm.models import Account
from crm.models.contracts import BILLED_STATES, CYCLE_MONTHS, Contract, cycle_count
from crm.models.invoice_reminders import InvoiceReminder
from crm.models.invoices import Invoice
from crm.models.money import ZERO
from crm.models.orders import OrderLineItem
from crm.models.payments import Payment, PaymentStatus
from crm.selectors.contracts import grace_days

PAID, PARTIAL, OVERDUE, UPCOMING = "paid", "partial", "overdue", "upcoming"
STATES = (PAID, PARTIAL, OVERDUE, UPCOMING)


@dataclass(slots=True)
class Cell:
    month: date
    paid: Decimal = ZERO
    expected: Decimal = ZERO
    due_date: date | None = None
    contract_id: int | None = None  # the (first) contract expecting money this month
    state: str | None = None
    overdue_amount: Decimal = ZERO


@dataclass(slots=True)
class Row:
    account_id: int
    account_name: str
    currency: str
    cells: list[Cell]
    contract_ids: list[int] = field(default_factory=list)
    # Set once every cell is known (``_finish``).
    paid_total: Decimal = ZERO
    expected_total: Decimal = ZERO
    overdue_amount: Decimal = ZERO
    overdue_months: list[date] = field(default_factory=list)


@dataclass
class CurrencyTotals:
    currency: str
    paid: list[Decimal]
    expected: list[Decimal]
    overdue_amount: Decimal

    @property
    def paid_total(self) -> Decimal:
        return sum(self.paid, ZERO)

    @property
    def expected_total(self) -> Decimal:
        return sum(self.expected, ZERO)


def month_index(day: date) -> int:
    """Whole months since year 0 (year × 12 + month − 1): month arithmetic without calendars."""
    return day.year * 12 + day.month - 1


def index_month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def rolling_start(today: date) -> date:
    """The first of the twelve months ending with next month (on 2026-12-04: 2026-02)."""
    return index_month(month_index(today) - 10)


@dataclass
class RetainerGrid:
    year: int  # the calendar year shown, or the year of the window's first month
    months: list[date]
    rows: list[Row]
    totals: list[CurrencyTotals]

    @property
    def overdue_rows(self) -> list[Row]:
        """The Overdue accounts panel: most owed first."""
        late = [row for row in self.rows if row.overdue_amount > 0]
        return sorted(late, key=lambda r: (-r.overdue_amount, r.account_name.lower(), r.currency))


def _owner_filter(owner, *paths: str) -> Q:
    query = Q()
    for path in paths:
        query |= Q(**{f"{path}__owner": owner})
    return query


def _paid_cells(months: list[date], owner) -> list[dict]:
    retainer_order = Exists(
        OrderLineItem.objects.filter(order=OuterRef("order_id"), product__is_retainer_product=True)
    )
    payments = Payment.objects.filter(
        Q(contract__isnull=False) | Q(retainer_order),
        status=PaymentStatus.COMPLETED,
        service_period_start__gte=months[0],
        service_period_start__lt=index_month(month_index(months[-1]) + 1),
    )
    if owner is not None:
        payments = payments.filter(_owner_filter(owner, "contract__account", "order__account"))
    # One row per account and currency with the twelve monthly sums side by side: the
    # database pivots, so a 2,000-account year is 2,000 rows, not one per account-month.
    columns = {
        f"m{number}": Sum(
            "amount",
            filter=Q(
                service_period_start__gte=month,
                service_period_start__lt=index_month(month_index(month) + 1),
            ),
        )
        for number, month in enumerate(months)
    }
    return list(
        payments.annotate(account=Coalesce("contract__account_id", "order__account_id"))
        .order_by()
        .values("account", "amount_currency")
        .annotate(**columns)
    )


def _billed_contracts(months: list[date], owner) -> list[dict]:
    contracts = Contract.objects.filter(
        status__in=BILLED_STATES,
        start_date__lt=index_month(month_index(months[-1]) + 1),
        end_date__gte=months[0],
    )
    if owner is not None:
        contracts = contracts.filter(account__owner=owner)
    return list(
        contracts.with_cycle_amount()
        .order_by("start_date", "pk")
        .values(
            "pk",
            "account_id",
            "account__name",
            "currency",
            "billing_cycle",
            "start_date",
            "end_date",
            "term_months",
            "cycle_amount",
        )
    )


def expected_months(contract: dict, year: int | None = None, *, window: tuple[int, int] = (0, 0)):
    """(month, due date) of every cycle start of ``contract`` inside ``year`` (or inside
    ``window``, first and last month index): whole-month arithmetic on month indexes
    (year × 12 + month − 1), no calendar look-ups."""
    low, high = (year * 12, year * 12 + 11) if year is not None else window
    step = CYCLE_MONTHS[contract["billing_cycle"]]
    start, end = contract["start_date"], contract["end_date"]
    first = month_index(start)
    last = min(month_index(end), high)
    grace = timedelta(days=grace_days())
    count = cycle_count(contract["term_months"], step)
    index = first
    # Jump to the first cycle start in the window without walking the earlier ones.
    if index < low:
        index += -(-(low - index) // step) * step
    while index <= last and (index - first) // step < count:
        month = index_month(index)
        yield month, max(month, start) + grace
        index += step


def _state(cell: Cell, today: date) -> None:
    if cell.expected <= 0:
        cell.state = PAID if cell.paid > 0 else None
        return
    past_due = cell.due_date is not None and today >= cell.due_date
    if cell.paid >= cell.expected:
        cell.state = PAID
    elif cell.paid > 0:
        cell.state = PARTIAL
    else:
        cell.state = OVERDUE if past_due else UPCOMING
    if past_due and cell.paid < cell.expected:
        cell.overdue_amount = cell.expected - cell.paid


def _finish(row: Row, total: "CurrencyTotals", today: date) -> None:
    """States, row totals and the currency's column totals, in one pass over the cells."""
    paid = expected = overdue = ZERO
    for index, cell in enumerate(row.cells):
        _state(cell, today)
        paid += cell.paid
        expected += cell.expected
        total.paid[index] += cell.paid
        total.expected[index] += cell.expected
        if cell.overdue_amount:
            overdue += cell.overdue_amount
            row.overdue_months.append(cell.month)
    row.paid_total, row.expected_total, row.overdue_amount = paid, expected, overdue
    total.overdue_amount += overdue


def retainer_grid(
    *, year: int | None = None, start: date | None = None, owner=None, today: date | None = None
) -> RetainerGrid:
    """One row per account and currency with retainer money or expectations in ``year`` (or
    the twelve months from ``start``'s month); ``owner`` limits it to that user's accounts."""
    today = today or timezone.localdate()
    first = month_index(date(year, 1, 1) if year is not None else start)
    months = [index_month(first + offset) for offset in range(12)]
    window = (first, first + 11)
    rows: dict[tuple[int, str], Row] = {}

    def row_for(account_id: int, currency: str) -> Row:
        key = (account_id, currency)
        if key not in rows:
            rows[key] = Row(account_id, "", currency, [Cell(m) for m in months])
        return rows[key]

    for item in _paid_cells(months, owner):
        cells = row_for(item["account"], item["amount_currency"]).cells
        for number, cell in enumerate(cells):
            paid = item[f"m{number}"]
            if paid:
                cell.paid += paid
    for contract in _billed_contracts(months, owner):
        row = row_for(contract["account_id"], contract["currency"])
        row.account_name = contract["account__name"]
        row.contract_ids.append(contract["pk"])
        for month, due in expected_months(contract, window=window):
            cell = row.cells[month_index(month) - first]
            cell.expected += contract["cycle_amount"]
            cell.due_date = min(cell.due_date or due, due)
            cell.contract_id = cell.contract_id or contract["pk"]
    # Contracts bring their account's name; only accounts paid through orders alone need one
    # more query (the third).
    missing = {row.account_id for row in rows.values() if not row.account_name}
    names = {}
    if missing:
        names = dict(Account.objects.filter(pk__in=missing).values_list("pk", "name"))
    totals: dict[str, CurrencyTotals] = {}
    for row in rows.values():
        row.account_name = row.account_name or names.get(row.account_id, "")
        total = totals.setdefault(
            row.currency, CurrencyTotals(row.currency, [ZERO] * 12, [ZERO] * 12, ZERO)
        )
        _finish(row, total, today)
    ordered = sorted(rows.values(), key=lambda r: (r.account_name.lower(), r.currency))
    return RetainerGrid(months[0].year, months, ordered, [totals[c] for c in sorted(totals)])


def retainer_data_stamp() -> str:
    """A fingerprint that changes with every payment, contract, account, invoice or reminder
    write (count and latest change of each; cheap aggregates): a cache key built on it is
    never stale (the Overdue panel shows each period's invoice and its last reminder)."""
    stamps = [
        model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        for model in (Payment, Contract, Account, Invoice, InvoiceReminder)
    ]
    return ":".join(f"{s['n']}-{s['last'].timestamp() if s['last'] else 0}" for s in stamps)
