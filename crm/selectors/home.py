"""What the Home page shows (SPEC §7 Home dashboard, §8 My day): KPIs, chart series and the
signed-in user's day, for "mine" (records I own) or "team" (everyone's). Data only — the
links, labels and shortcuts are added by the screen, ``crm.navigation.home_context``.

A constant number of queries whatever the data: one grouped query per KPI family and chart,
one per My day list (pinned by crm/tests/activities/test_home.py)."""

import calendar
import datetime

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
    Quote,
    Role,
    User,
)
from crm.models.activities import Activity
from crm.selectors.activities import my_tasks, prefetch_links
from crm.selectors.home_figures import (
    case_figures,
    deal_figures,
    lead_figures,
    month_starts,
    overdue_retainers,
)
from crm.selectors.recently_viewed import recent_records

MINE, TEAM = "mine", "team"
SCOPES = (MINE, TEAM)
MY_DAY_LIMIT = 10
UPCOMING_DAYS = 7
RECENT_LIMIT = 8
# Records Home lists among the ones the user opened lately (newest first).
RECENT_MODELS = (Account, Contact, Lead, Opportunity, Case, Campaign, Contract, Quote, Order)


def default_scope(user) -> str:
    return TEAM if getattr(user, "is_admin_role", False) else MINE


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
    prefetch_links([*tasks, *events])
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
        data.update(deal_figures(opportunities, months, owner=owner))
        data["closing_this_month"] = _closing_this_month(user, today)
    if user.has_perm("crm.view_lead"):
        data.update(lead_figures(leads, owner=user if scope == MINE else None))
    if user.has_perm("crm.view_case"):
        cases = Case.objects.all() if scope != MINE else Case.objects.filter(owner=user)
        data.update(case_figures(cases))
    if user.has_perm("crm.view_payment") and user.has_perm("crm.view_contract"):
        owner = user if scope == MINE else None
        data["overdue_retainers"] = overdue_retainers(owner=owner, today=today)
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
