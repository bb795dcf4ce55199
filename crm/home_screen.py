"""Home's screen layer (SPEC §7 Home dashboard, §8 My day): turns ``crm.selectors.home``'s data
into KPI cards with links to their filtered lists, Unfold chart data and My day rows.

The KPI cards are a declaration, ``HOME_KPIS``: each names the selector's value, how to show
it and the filtered list it opens.
A new card is a selector value + one ``HomeKpi``."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from crm.admin.kit.activity_tab import activity_item, admin_url, new_activity_urls
from crm.formatting import format_money
from crm.models.choices import LeadSource
from crm.models.support import CasePriority, CaseStatus
from crm.selectors.home import MINE, SCOPES, TEAM, home_dashboard

CHART_COLOURS = ("#0176D3", "#FF9A3C", "#04844B", "#CB65FF", "#BA0517")


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
    if kind == "overdue":  # crm.selectors.retainers.OverdueSummary
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


def _money_chart(series, label_of) -> str:
    currencies = _currencies(series)
    return json.dumps(
        {
            "labels": [label_of(key) for key, _ in series],
            "datasets": [
                {
                    "label": f"Amount ({currency})",
                    "data": [float(totals.get(currency, 0)) for _, totals in series],
                    "backgroundColor": CHART_COLOURS[index % len(CHART_COLOURS)],
                    "borderColor": CHART_COLOURS[index % len(CHART_COLOURS)],
                }
                for index, currency in enumerate(currencies)
            ],
        }
    )


def _leads_chart(rows) -> str:
    labels = dict(LeadSource.choices)
    return json.dumps(
        {
            "labels": [str(labels.get(row["source"], "Unknown")) for row in rows],
            "datasets": [
                {
                    "label": "Leads",
                    "data": [row["count"] for row in rows],
                    "backgroundColor": CHART_COLOURS[1],
                },
                {
                    "label": "Converted",
                    "data": [row["converted"] for row in rows],
                    "backgroundColor": CHART_COLOURS[2],
                },
            ],
        }
    )


def _cases_chart(rows) -> str:
    """Cases by status (bars), one stacked series per priority."""
    statuses, priorities = list(CaseStatus), list(CasePriority)
    counts = {(row["status"], row["priority"]): row["n"] for row in rows}
    return json.dumps(
        {
            "labels": [str(status.label) for status in statuses],
            "datasets": [
                {
                    "label": str(priority.label),
                    "data": [counts.get((status.value, priority.value), 0) for status in statuses],
                    "backgroundColor": CHART_COLOURS[index % len(CHART_COLOURS)],
                    "stack": "priority",
                }
                for index, priority in enumerate(priorities)
            ],
        }
    )


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
        "new_activity_urls": new_activity_urls() if user.has_perm("crm.add_activity") else {},
        "can_complete": user.has_perm("crm.change_activity"),
    }
    if "by_stage" in data:
        context["pipeline_chart"] = _money_chart(data["by_stage"], str)
        context["won_chart"] = _money_chart(
            data["won_by_month"], lambda month: month.strftime("%b %Y")
        )
        context["closing_this_month"] = data["closing_this_month"]
    if "leads_by_source" in data:
        context["leads_chart"] = _leads_chart(data["leads_by_source"])
        context["leads_by_source"] = [
            {**row, "label": dict(LeadSource.choices).get(row["source"], "Unknown")}
            for row in data["leads_by_source"]
        ]
    if "cases_by_status" in data:
        context["cases_chart"] = _cases_chart(data["cases_by_status"])
        context["cases_url"] = _list_url("admin:crm_case_changelist", view="all")
    if "my_tasks" in data:
        context["my_tasks"] = [activity_item(a, today=today, now=now) for a in data["my_tasks"]]
        context["my_events"] = [activity_item(a, today=today, now=now) for a in data["my_events"]]
        context["my_tasks_url"] = _list_url("portal:my_tasks")
        # Without JavaScript, completing a task lands back on this card, not the page's top.
        context["my_tasks_next"] = f"{request.get_full_path()}#my-tasks"
        context["calendar_url"] = _list_url("portal:calendar")
    return context
