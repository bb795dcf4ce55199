"""The pipeline Kanban's data: one column per stage with its exact count, total and weighted
total, and the first page of its cards. A constant number of queries whatever the number of
opportunities: one grouped aggregate for every column, one for the first page of every
column, one for the owners; "Show more" reads one page of one column.

Data only: URLs and money formatting belong to the page (portal)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from crm.ids import parse_id
from crm.models import User
from crm.models.money import TOTAL_FIELD, coalesce_total
from crm.models.opportunities import CLOSED_STAGES, STAGE_PROBABILITY, Opportunity, Stage

PAGE_SIZE = 25
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
)
CARD_ORDER = ("close_date", "name", "id")


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

    @property
    def has_more(self) -> bool:
        return self.count > len(self.cards)


def quarter_bounds(day: datetime.date, offset: int = 0) -> tuple[datetime.date, datetime.date]:
    index = (day.month - 1) // 3 + offset
    year, quarter = day.year + index // 4, index % 4
    start = datetime.date(year, quarter * 3 + 1, 1)
    end_month_next = quarter * 3 + 4
    end = datetime.date(
        year + (end_month_next > 12), (end_month_next - 1) % 12 + 1, 1
    ) - datetime.timedelta(days=1)
    return start, end


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


def board_queryset(
    *, user, filters: BoardFilters, today: datetime.date | None = None, with_amount: bool = False
):
    """Opportunities shown on the board for these filters (``with_amount``: annotated)."""
    today = today or timezone.localdate()
    queryset = Opportunity.objects.with_amount() if with_amount else Opportunity.objects.all()
    if filters.owner == "me":
        queryset = queryset.filter(owner=user)
    elif (owner_id := parse_id(filters.owner)) is not None:
        queryset = queryset.filter(owner_id=owner_id)
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


def _line_total():
    return F("line_items__quantity") * F("line_items__sale_price")


def _add_totals(columns: dict[str, Column], queryset) -> None:
    """Count, total and weighted total per stage and currency in ONE grouped query: the line
    items are joined once (no per-opportunity subquery)."""
    grouped = (
        queryset.order_by()
        .values("stage", "currency")
        .annotate(
            n=Count("id", distinct=True),
            total=coalesce_total(Sum(ExpressionWrapper(_line_total(), output_field=TOTAL_FIELD))),
            weighted=coalesce_total(
                Sum(
                    ExpressionWrapper(
                        _line_total() * F("probability") / Decimal(100), output_field=TOTAL_FIELD
                    )
                )
            ),
        )
    )
    for row in grouped:
        columns[row["stage"]].add(
            currency=row["currency"], amount=row["total"], weighted=row["weighted"], count=row["n"]
        )


def _cards(ids) -> list[dict]:
    return list(
        Opportunity.objects.with_amount()
        .filter(pk__in=ids)
        .order_by(*CARD_ORDER)
        .values(*CARD_FIELDS)
    )


def pipeline_board(*, user, filters: BoardFilters, today: datetime.date | None = None) -> dict:
    columns = _empty_columns()
    queryset = board_queryset(user=user, filters=filters, today=today)
    _add_totals(columns, queryset)
    first_pages = (
        queryset.annotate(
            row=Window(RowNumber(), partition_by=[F("stage")], order_by=list(CARD_ORDER))
        )
        .filter(row__lte=PAGE_SIZE)
        .values_list("id", flat=True)
    )
    for card in _cards(list(first_pages)):
        columns[card["stage"]].cards.append(card)
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


def column_page(
    *, user, filters: BoardFilters, stage: str, offset: int, limit: int = PAGE_SIZE
) -> tuple[list[dict], int | None]:
    """One page of one column's cards (same order as the board) and the offset of the next
    page, or None when this is the last one. One query."""
    queryset = board_queryset(user=user, filters=filters, with_amount=True).filter(stage=stage)
    rows = list(queryset.order_by(*CARD_ORDER).values(*CARD_FIELDS)[offset : offset + limit + 1])
    if len(rows) > limit:
        return rows[:limit], offset + limit
    return rows, None


def column_totals(*, user, filters: BoardFilters, stages) -> dict[str, Column]:
    """Count / total / weighted of the given stages only (the two columns a move touched),
    in one grouped query."""
    columns = {stage: column for stage, column in _empty_columns().items() if stage in stages}
    _add_totals(columns, board_queryset(user=user, filters=filters).filter(stage__in=stages))
    return columns
