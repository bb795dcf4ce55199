"""The pipeline Kanban's data: one column per stage with its cards, count, total and weighted
total. Two queries whatever the number of cards (cards + the owners to filter by)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from crm.formatting import format_money
from crm.models import User
from crm.models.opportunities import (
    CLOSED_STAGES,
    STAGE_PROBABILITY,
    Opportunity,
    Stage,
)

PERIODS = {
    "all": "All open · closed this quarter",
    "this_month": "Closing this month",
    "this_quarter": "Closing this quarter",
    "next_quarter": "Closing next quarter",
}
CARD_FIELDS = (
    "id",
    "name",
    "stage",
    "close_date",
    "version",
    "currency",
    "account_id",
    "account__name",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "amount",
    "expected_revenue",
)


@dataclass
class Column:
    """A stage column. Totals are kept per currency: amounts in different currencies are
    never added together (SPEC §11)."""

    stage: str
    label: str
    probability: int
    count: int = 0
    cards: list[dict] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    weighted: dict[str, Decimal] = field(default_factory=dict)

    def add(self, *, currency: str, amount: Decimal, weighted: Decimal, count: int = 1) -> None:
        self.count += count
        self.totals[currency] = self.totals.get(currency, Decimal("0.00")) + amount
        self.weighted[currency] = self.weighted.get(currency, Decimal("0.00")) + weighted

    def as_json(self) -> dict:
        return {
            "count": self.count,
            "total": format_totals(self.totals),
            "weighted": format_totals(self.weighted),
        }


def format_totals(totals: dict[str, Decimal]) -> str:
    if not totals:
        return format_money(Decimal(0))
    return " + ".join(format_money(amount, currency) for currency, amount in sorted(totals.items()))


def quarter_bounds(day: datetime.date, offset: int = 0) -> tuple[datetime.date, datetime.date]:
    index = (day.month - 1) // 3 + offset
    year, quarter = day.year + index // 4, index % 4
    start = datetime.date(year, quarter * 3 + 1, 1)
    end_month_next = quarter * 3 + 4
    end = datetime.date(
        year + (end_month_next > 12), (end_month_next - 1) % 12 + 1, 1
    ) - datetime.timedelta(days=1)
    return start, end


def _short_date(day: datetime.date | None) -> str:
    return f"{day:%b} {day.day}" if day else ""


def period_bounds(period: str, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    if period == "this_month":
        start = today.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    if period == "this_quarter":
        return quarter_bounds(today)
    if period == "next_quarter":
        return quarter_bounds(today, offset=1)
    return None


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters as the user chose them (query string or the move request)."""

    owner: str = "all"  # "all" | "me" | a user id
    period: str = "all"  # a key of PERIODS
    search: str = ""

    @classmethod
    def from_params(cls, params) -> "BoardFilters":
        period = str(params.get("period") or "all")
        return cls(
            owner=str(params.get("owner") or "all"),
            period=period if period in PERIODS else "all",
            search=str(params.get("q") or params.get("search") or "").strip()[:100],
        )


def board_queryset(*, user, filters: BoardFilters, today: datetime.date | None = None):
    """Opportunities shown on the board for these filters, with amount annotations."""
    today = today or datetime.date.today()
    queryset = Opportunity.objects.with_amount()
    if filters.owner == "me":
        queryset = queryset.filter(owner=user)
    elif filters.owner.isdigit():
        queryset = queryset.filter(owner_id=int(filters.owner))
    if filters.search:
        queryset = queryset.filter(
            Q(name__icontains=filters.search) | Q(account__name__icontains=filters.search)
        )
    bounds = period_bounds(filters.period, today)
    if bounds is not None:
        queryset = queryset.filter(close_date__range=bounds)
    else:
        # "All": the whole open pipeline, but closed columns only this quarter's deals, so
        # years of won/lost history never swamp the board.
        this_quarter = quarter_bounds(today)
        queryset = queryset.filter(~Q(stage__in=CLOSED_STAGES) | Q(close_date__range=this_quarter))
    return queryset


def _empty_columns() -> dict[str, Column]:
    return {
        stage.value: Column(stage.value, stage.label, STAGE_PROBABILITY[stage]) for stage in Stage
    }


def pipeline_board(*, user, filters: BoardFilters, today: datetime.date | None = None) -> dict:
    columns = _empty_columns()
    rows = (
        board_queryset(user=user, filters=filters, today=today)
        .order_by("close_date", "name", "id")
        .values(*CARD_FIELDS)
    )
    record_url = reverse("admin:crm_opportunity_change", args=[0])
    for row in rows:
        column = columns[row["stage"]]
        row["owner_initials"] = (
            f"{(row['owner__first_name'] or '')[:1]}{(row['owner__last_name'] or '')[:1]}".upper()
        )
        row["amount_display"] = format_money(row["amount"], row["currency"])
        row["url"] = record_url.replace("/0/", f"/{row['id']}/", 1)
        row["close_display"] = _short_date(row["close_date"])
        column.cards.append(row)
        column.add(currency=row["currency"], amount=row["amount"], weighted=row["expected_revenue"])
    owners = (
        User.objects.active()
        .order_by("first_name", "last_name")
        .only("id", "first_name", "last_name")
    )
    return {
        "columns": list(columns.values()),
        "owners": list(owners),
        "filters": filters,
        "periods": PERIODS,
    }


def column_totals(*, user, filters: BoardFilters) -> dict:
    """Count / total / weighted per stage for the same filters, in one grouped query (the
    Kanban refreshes its headers with it after a card moves)."""
    columns = _empty_columns()
    grouped = (
        board_queryset(user=user, filters=filters)
        .order_by()
        .values("stage", "currency")
        .annotate(n=Count("id"), total=Sum("amount"), weighted=Sum("expected_revenue"))
    )
    for row in grouped:
        columns[row["stage"]].add(
            currency=row["currency"],
            amount=row["total"] or 0,
            weighted=row["weighted"] or 0,
            count=row["n"],
        )
    return {stage: column.as_json() for stage, column in columns.items()}
