"""Home's screen layer (SPEC §7 Home dashboard, §8 My day): turns ``crm.selectors.home``'s data
into KPI cards with links to their filtered lists, Unfold chart data and My day rows.

The KPI cards are a declaration, ``HOME_KPIS``: each names the selector's value, how to show
it and the filtered list it opens.
A new card is a selector value + one ``HomeKpi``."""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from crm.admin.kit.activity_tab import activity_item, admin_url, new_activity_urls
from crm.formatting import format_money
from crm.home_charts import money_chart, stacked_count_chart
from crm.models.support import CasePriority, CaseStatus
from crm.selectors.home import MINE, SCOPES, TEAM, home_dashboard

# The case list's filter parameters (list_filter "status" and "priority").
STATUS_PARAM, PRIORITY_PARAM = "status__exact", "priority__exact"


def _list_url(url_name: str, **params) -> str | None:
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


def _mine(scope: str) -> dict:
    return {"owner": "me"} if scope == MINE else {}


@dataclass(frozen=True)
class HomeKpi:
    key: str  # the value's key in home_dashboard()'s data
    title: str
    kind: str  # "money" (a dict currency → amount), "count" or "overdue" (OverdueSummary)
    link: Callable[[str, dict], str | None]  # (scope, data) → the filtered list
    hint: str = ""


HOME_KPIS: tuple[HomeKpi, ...] = (
    HomeKpi(
        "open_pipeline",
        "Open pipeline",
        "money",
        lambda scope, data: _list_url(
            "admin:crm_opportunity_changelist", stage="open", **_mine(scope)
        ),
        hint="Amount of every open opportunity",
    ),
    HomeKpi(
        "weighted_pipeline",
        "Weighted pipeline",
        "money",
        lambda scope, data: _list_url(
            "admin:crm_opportunity_changelist", stage="open", **_mine(scope)
        ),
        hint="Amount × the stage's probability",
    ),
    HomeKpi(
        "won_this_month",
        "Won this month",
        "money",
        lambda scope, data: _list_url(
            "admin:crm_opportunity_changelist",
            stage="closed_won",
            close_date_from=data["month_start"].isoformat(),
            close_date_to=data["today"].isoformat(),
            **_mine(scope),
        ),
    ),
    HomeKpi(
        "open_leads",
        "Open leads",
        "count",
        lambda scope, data: _list_url("admin:crm_lead_changelist", status="open", **_mine(scope)),
        hint="New, contacted or qualified",
    ),
    HomeKpi(
        "open_cases",
        "Open cases",
        "count",
        lambda scope, data: _list_url(
            "admin:crm_case_changelist", view="mine" if scope == MINE else "open"
        ),
        hint="New, in progress or escalated",
    ),
    HomeKpi(
        "overdue_retainers",
        "Overdue retainer payments",
        "overdue",
        lambda scope, data: _list_url("portal:retainers", owner="mine" if scope == MINE else "all"),
        hint="Retainer months past their grace period, not fully paid",
    ),
)


def _money_text(totals: dict[str, Decimal]) -> str:
    if not totals or not any(totals.values()):
        return format_money(Decimal("0"))
    return " · ".join(format_money(amount, currency) for currency, amount in sorted(totals.items()))


def _kpi_text(kind: str, value) -> str:
    if kind == "money":
        return _money_text(value)
    if kind == "overdue":  # crm.selectors.retainer_overdue.OverdueSummary
        months = "month" if value.count == 1 else "months"
        return f"{value.count} {months} · {_money_text(value.amounts)}"
    return f"{value:,}"


def kpi_cards(data: dict) -> list[dict]:
    cards = []
    for kpi in HOME_KPIS:
        if kpi.key not in data:
            continue  # the user may not see that kind of record
        value = data[kpi.key]
        cards.append(
            {
                "title": kpi.title,
                "value": _kpi_text(kpi.kind, value),
                "url": kpi.link(data["scope"], data),
                "hint": kpi.hint,
            }
        )
    return cards


def _currencies(series) -> list[str]:
    found = {currency for _, totals in series for currency in totals}
    return sorted(found or {settings.CRM_DEFAULT_CURRENCY})


def _opportunities_url(scope: str, **params) -> str | None:
    return _list_url("admin:crm_opportunity_changelist", **params, **_mine(scope))


def pipeline_chart(data: dict) -> dict:
    """Open amount per stage; each stage opens the list of its open opportunities."""
    urls = [_opportunities_url(data["scope"], stage=stage) for stage, _ in data["stage_counts"]]
    rows = [
        (label, totals, url) for (label, totals), url in zip(data["by_stage"], urls, strict=True)
    ]
    return money_chart(rows, _currencies(data["by_stage"]))


def won_chart(data: dict) -> dict:
    """Closed-won amount per month; each month opens the deals won in it."""
    rows = []
    for month, totals in data["won_by_month"]:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        url = _opportunities_url(
            data["scope"],
            stage="closed_won",
            close_date_from=month.isoformat(),
            close_date_to=last.isoformat(),
        )
        rows.append((month.strftime("%b %Y"), totals, url))
    return money_chart(rows, _currencies(data["won_by_month"]))


def _cases_url(scope: str, **filters) -> str | None:
    return _list_url("admin:crm_case_changelist", view="all", **filters, **_mine(scope))


def cases_chart(data: dict) -> dict:
    """Cases by status (bars), stacked by priority; each segment opens its cases."""
    scope, statuses, priorities = data["scope"], list(CaseStatus), list(CasePriority)
    counts = {(row["status"], row["priority"]): row["n"] for row in data["cases_by_status"]}
    rows = [
        (
            str(status.label),
            _cases_url(scope, **{STATUS_PARAM: status.value}),
            [counts.get((status.value, p.value), 0) for p in priorities],
            [
                _cases_url(scope, **{STATUS_PARAM: status.value, PRIORITY_PARAM: p.value})
                for p in priorities
            ],
        )
        for status in statuses
    ]
    return stacked_count_chart(rows, [str(p.label) for p in priorities])


def leads_table(data: dict, user) -> list[dict]:
    """Leads by source; a source opens its leads, converted ones included (the lead list's
    "owner=me" means my *open* leads, so Mine names the owner)."""
    owner = {"owner": user.pk} if data["scope"] == MINE else {}
    return [
        {
            **row,
            "url": _list_url(
                "admin:crm_lead_changelist",
                lead_source=row["source"],
                status="all",
                **owner,
            )
            if row["source"]
            else None,
        }
        for row in data["leads_by_source"]
    ]


def closing_rows(opportunities) -> list[dict]:
    return [
        {
            "opportunity": opportunity,
            "url": admin_url(opportunity),
            "amount": format_money(opportunity.amount or Decimal(0), opportunity.currency),
        }
        for opportunity in opportunities
    ]


def _new_activity_urls(user) -> dict[str, str]:
    """New Task / New Event / Log a Call: the full-page forms (a composer opens them in a
    dialog where ``data-crm-composer`` is handled). ``type=call`` logs a completed call."""
    if not user.has_perm("crm.add_activity"):
        return {}
    urls = new_activity_urls()
    return {**urls, "call": f"{reverse('admin:crm_activity_add')}?type=call"}


def dashboard_context(request) -> dict:
    user = request.user
    data = home_dashboard(user=user, scope=request.GET.get("scope"))
    now, today = timezone.now(), timezone.localdate()
    context = {
        "scope": data["scope"],
        "scopes": [(scope, "Mine" if scope == MINE else "Team") for scope in SCOPES],
        "scope_team": TEAM,
        "kpis": kpi_cards(data),
        "recent_records": [
            {"text": str(r), "url": admin_url(r), "kind": r._meta.verbose_name.title()}
            for r in data["recent"]
        ],
        "new_activity_urls": _new_activity_urls(user),
        "can_complete": user.has_perm("crm.change_activity"),
    }
    if "by_stage" in data:
        context["pipeline_chart"] = pipeline_chart(data)
        context["won_chart"] = won_chart(data)
        context["closing_this_month"] = closing_rows(data["closing_this_month"])
        context["closing_url"] = _list_url(
            "admin:crm_opportunity_changelist", view="closing_this_month", owner="me"
        )
    if "leads_by_source" in data:
        context["leads_by_source"] = leads_table(data, user)
    if "cases_by_status" in data:
        context["cases_chart"] = cases_chart(data)
        context["cases_url"] = _cases_url(data["scope"])
    if "my_tasks" in data:
        context["my_tasks"] = [activity_item(a, today=today, now=now) for a in data["my_tasks"]]
        context["my_events"] = [activity_item(a, today=today, now=now) for a in data["my_events"]]
        context["my_tasks_url"] = _list_url("portal:my_tasks")
        # Without JavaScript, completing a task lands back on this card, not the page's top.
        context["my_tasks_next"] = f"{request.get_full_path()}#my-tasks"
        context["calendar_url"] = _list_url("portal:calendar")
    return context
