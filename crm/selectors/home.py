"""What the Home page shows (SPEC §7 Home dashboard, §8 My day): KPIs, chart series and the
signed-in user's day, for "mine" (records I own) or "team" (everyone's). Data only — the
links, labels and shortcuts are added by the screen, ``crm.navigation.home_context``.

A constant number of queries whatever the data: one grouped query per KPI family and chart,
one per My day list (pinned by crm/tests/activities/test_home.py)."""

import calendar
import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, ExpressionWrapper, F, Max, Q, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone

from crm.models import (
    Account,
    Campaign,
    Case,
    Contact,
    Contract,
    Lead,
    Opportunity,
    Order,
    Payment,
    Quote,
    Role,
    User,
)
from crm.models.activities import WHAT_FIELDS, WHO_FIELDS, Activity
from crm.models.choices import lead_source_label
from crm.models.leads import WORKABLE_STATUSES, LeadStatus
from crm.models.money import TOTAL_FIELD, coalesce_total
from crm.models.opportunities import OPEN_STAGES, Stage
from crm.models.opportunity_lines import OpportunityLineItem
from crm.models.support import OPEN_CASE_STATUSES
from crm.selectors.activities import my_tasks
from crm.selectors.recently_viewed import recent_records
from crm.selectors.retainers import overdue_summary

MINE, TEAM = "mine", "team"
SCOPES = (MINE, TEAM)
MY_DAY_LIMIT = 10
UPCOMING_DAYS = 7
RECENT_LIMIT = 8
# Records Home lists among the ones the user opened lately (newest first).
RECENT_MODELS = (Account, Contact, Lead, Opportunity, Case, Campaign, Contract, Quote, Order)


def default_scope(user) -> str:
    return TEAM if getattr(user, "is_admin_role", False) else MINE


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


def _deal_figures(opportunities, months: list[datetime.date], *, owner) -> dict:
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


def _lead_figures(leads, *, owner) -> dict:
    """Open leads and leads by source, cached like the deal figures (a new, edited or
    deleted lead changes the key)."""
    fingerprint = _fingerprint(
        Lead._base_manager.aggregate(n=Count("id"), last=Max("updated_at"), v=Sum("version"))
    )
    key = f"crm:home:leads:{owner.pk if owner else 'all'}:{fingerprint}"
    return cache.get_or_set(key, lambda: _leads(leads), 3600)


def _overdue_retainers(*, owner, today):
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


def _cases(cases) -> dict:
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


def _my_day(user, now: datetime.datetime, today: datetime.date) -> dict:
    """My open tasks (overdue first) and my events today and the next 7 days (two queries),
    then the records they relate to (one query per kind of record they name). Joining the
    eleven "related to" tables in each list cost PostgreSQL ~60 ms of planning per query at
    full size; ten rows' links are cheaper read by id."""
    tasks = list(
        my_tasks(user=user, today=today)
        .select_related(None)
        .select_related("assigned_to")[:MY_DAY_LIMIT]
    )
    day_start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    events = list(
        Activity.objects.events()
        .filter(
            assigned_to=user,
            end_time__gte=day_start,
            start_time__lt=day_start + datetime.timedelta(days=UPCOMING_DAYS + 1),
        )
        .select_related("assigned_to")
        .order_by("start_time", "pk")[:MY_DAY_LIMIT]
    )
    prefetch_related_objects([*tasks, *events], *WHAT_FIELDS, *WHO_FIELDS)
    return {"my_tasks": tasks, "my_events": events}


def _closing_this_month(user, today: datetime.date) -> list:
    """My open opportunities closing this month (one query)."""
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return list(
        Opportunity.objects.with_amount()
        .open()
        .filter(owner=user, close_date__range=(today.replace(day=1), month_end))
        .select_related("account")
        .order_by("close_date", "pk")[:MY_DAY_LIMIT]
    )


def _recent(user) -> list:
    """Records I opened most recently, of the kinds I may view (one query, then one per kind
    shown)."""
    models = [m for m in RECENT_MODELS if user.has_perm(f"crm.view_{m._meta.model_name}")]
    return recent_records(user=user, limit=RECENT_LIMIT, models=models) if models else []


def home_dashboard(*, user, scope: str | None = None, now: datetime.datetime | None = None):
    """Everything Home shows, for ``scope`` (mine / team; default by role)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    scope = scope if scope in SCOPES else default_scope(user)
    opportunities = Opportunity.objects.all()
    leads = Lead.objects.all()
    if scope == MINE:
        opportunities, leads = opportunities.filter(owner=user), leads.filter(owner=user)
    months = month_starts(today)
    data = {"scope": scope, "today": today, "month_start": months[-1]}
    if user.has_perm("crm.view_opportunity"):
        owner = user if scope == MINE else None
        data.update(_deal_figures(opportunities, months, owner=owner))
        data["closing_this_month"] = _closing_this_month(user, today)
    if user.has_perm("crm.view_lead"):
        data.update(_lead_figures(leads, owner=user if scope == MINE else None))
    if user.has_perm("crm.view_case"):
        cases = Case.objects.all() if scope != MINE else Case.objects.filter(owner=user)
        data.update(_cases(cases))
    if user.has_perm("crm.view_payment") and user.has_perm("crm.view_contract"):
        owner = user if scope == MINE else None
        data["overdue_retainers"] = _overdue_retainers(owner=owner, today=today)
    if user.has_perm("crm.view_activity"):
        data.update(_my_day(user, now, today))
    data["recent"] = _recent(user)
    return data


def home_summary(*, user) -> dict:
    summary = {
        "me": user,
        "role_label": Role(user.role).label if user.role in Role.values else user.role,
    }
    if user.has_perm("crm.view_user"):
        summary["team"] = {
            "active": User.objects.active().count(),
            "admins": User.objects.active().admins().count(),
        }
    return summary
