"""Home's KPIs and charts (SPEC §7 Home dashboard): pipeline by stage, won by month, leads by
source, cases, overdue retainers — one grouped query per family; the figures that join every
opportunity's line items or read two years of retainers are cached under a key that changes
with every write to what they count (crm.selectors.home puts them on the page)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, ExpressionWrapper, F, Max, Q, Sum
from django.db.models.functions import TruncMonth

from crm.models import Contract, Lead, Opportunity, Payment
from crm.models.choices import lead_source_label
from crm.models.leads import WORKABLE_STATUSES, LeadStatus
from crm.models.money import TOTAL_FIELD, coalesce_total
from crm.models.opportunities import OPEN_STAGES, Stage
from crm.models.opportunity_lines import OpportunityLineItem
from crm.models.support import OPEN_CASE_STATUSES
from crm.selectors.retainer_overdue import overdue_summary


def _line_total():
    return ExpressionWrapper(
        F("line_items__quantity") * F("line_items__sale_price"), output_field=TOTAL_FIELD
    )


def _by_currency(rows, key: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for row in rows:
        totals[row["currency"]] += row[key] or Decimal("0.00")
    return dict(totals)


def month_starts(today: datetime.date, count: int = 12) -> list[datetime.date]:
    """The first day of the last ``count`` months, oldest first (this month last)."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _pipeline(opportunities) -> dict:
    """Open pipeline and weighted pipeline per currency, and per stage (one query)."""
    rows = list(
        opportunities.filter(stage__in=OPEN_STAGES)
        .order_by()
        .values("stage", "currency")
        .annotate(
            n=Count("id", distinct=True),
            total=coalesce_total(Sum(_line_total())),
            weighted=coalesce_total(
                Sum(
                    ExpressionWrapper(
                        _line_total() * F("probability") / Decimal(100),
                        output_field=TOTAL_FIELD,
                    )
                )
            ),
        )
    )
    by_stage = {stage: defaultdict(lambda: Decimal("0.00")) for stage in OPEN_STAGES}
    counts = dict.fromkeys(OPEN_STAGES, 0)
    for row in rows:
        by_stage[row["stage"]][row["currency"]] += row["total"]
        counts[row["stage"]] += row["n"]
    return {
        "open_pipeline": _by_currency(rows, "total"),
        "weighted_pipeline": _by_currency(rows, "weighted"),
        "open_count": sum(row["n"] for row in rows),
        "by_stage": [(Stage(stage).label, dict(totals)) for stage, totals in by_stage.items()],
        # (stage value, number of open opportunities) in path order, for the chart's links
        "stage_counts": list(counts.items()),
    }


def _won_by_month(opportunities, months: list[datetime.date]) -> dict:
    """Closed-won amount per month and currency for the 12 months (one query)."""
    rows = (
        opportunities.filter(stage=Stage.CLOSED_WON, close_date__gte=months[0])
        .order_by()
        .annotate(month=TruncMonth("close_date"))
        .values("month", "currency")
        .annotate(total=coalesce_total(Sum(_line_total())), n=Count("id", distinct=True))
    )
    series = {month: defaultdict(lambda: Decimal("0.00")) for month in months}
    counts = {month: 0 for month in months}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        if month in series:
            series[month][row["currency"]] += row["total"]
            counts[month] += row["n"]
    this_month = months[-1]
    return {
        "won_by_month": [(month, dict(totals)) for month, totals in series.items()],
        "won_counts": [counts[month] for month in months],
        "won_this_month": dict(series[this_month]),
        "won_this_month_count": counts[this_month],
    }


def _fingerprint(*aggregates) -> str:
    return ":".join(
        "-".join(str(v.timestamp() if hasattr(v, "timestamp") else v) for v in row.values())
        for row in aggregates
    )


def deal_figures(opportunities, months: list[datetime.date], *, owner) -> dict:
    """Pipeline by stage and won by month: the two joins over every opportunity's line items
    (about 250 ms at full size), cached under a key that changes with every opportunity or
    line item write — a new, edited (its version) or deleted row (the count) — read with two
    single-table aggregates (about 20 ms): Home never shows a stale figure."""
    fingerprint = _fingerprint(
        Opportunity._base_manager.aggregate(
            n=Count("id"), last=Max("updated_at"), versions=Sum("version")
        ),
        # Line items are saved whole (no update_fields): every edit moves updated_at.
        OpportunityLineItem.objects.aggregate(n=Count("id"), last=Max("updated_at")),
    )
    key = f"crm:home:deals:{owner.pk if owner else 'all'}:{months[-1]}:{fingerprint}"
    return cache.get_or_set(
        key, lambda: {**_pipeline(opportunities), **_won_by_month(opportunities, months)}, 3600
    )


def lead_figures(leads, *, owner) -> dict:
    """Open leads and leads by source, cached like the deal figures (a new, edited or
    deleted lead changes the key)."""
    fingerprint = _fingerprint(
        Lead._base_manager.aggregate(n=Count("id"), last=Max("updated_at"), v=Sum("version"))
    )
    key = f"crm:home:leads:{owner.pk if owner else 'all'}:{fingerprint}"
    return cache.get_or_set(key, lambda: _leads(leads), 3600)


def overdue_retainers(*, owner, today):
    """The retainer report's overdue summary for Home. It reads two years of the grid (about
    200 ms at full size), so it is cached under a key that changes with every payment or
    contract write (two cheap aggregates): Home never shows a stale figure."""
    stamps = [
        model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        for model in (Payment, Contract)
    ]
    fingerprint = ":".join(f"{s['n']}-{s['last'].timestamp() if s['last'] else 0}" for s in stamps)
    key = f"crm:home:overdue:{owner.pk if owner else 'all'}:{today}:{fingerprint}"
    return cache.get_or_set(key, lambda: overdue_summary(owner=owner, today=today), 3600)


def case_figures(cases) -> dict:
    """Open cases, and every case by status and priority (one query)."""
    rows = list(cases.order_by().values("status", "priority").annotate(n=Count("id")).order_by())
    return {
        "open_cases": sum(row["n"] for row in rows if row["status"] in OPEN_CASE_STATUSES),
        "cases_by_status": rows,
    }


def _rate(part: int, whole: int) -> Decimal | None:
    """Converted per 100 leads to one decimal, like the lead source report."""
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _leads(leads) -> dict:
    """Open leads, and leads by source with their conversion rate (one query)."""
    rows = list(
        leads.order_by()
        .values("lead_source")
        .annotate(
            n=Count("id"),
            converted=Count("id", filter=Q(status=LeadStatus.CONVERTED)),
            open=Count("id", filter=Q(status__in=WORKABLE_STATUSES)),
        )
        .order_by()
    )
    # Most leads first; "Unspecified" after the named sources with as many.
    rows.sort(key=lambda row: (-row["n"], not row["lead_source"], row["lead_source"] or ""))
    return {
        "open_leads": sum(row["open"] for row in rows),
        "leads_by_source": [
            {
                "source": row["lead_source"] or "",
                "label": lead_source_label(row["lead_source"]),
                "count": row["n"],
                "converted": row["converted"],
                "rate": _rate(row["converted"], row["n"]),
            }
            for row in rows
        ],
    }
