"""Unfold callbacks: the environment badge, the Salesforce-style sidebar and the Home context.

The sidebar lists every object tab of SPEC §7 once. An entry shows only when its page exists
(its URL name resolves) and the user holds its permission, so later issues light entries up
just by registering their admin or portal view."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    title: str
    icon: str
    url_name: str
    permission: str | None = None  # "crm.view_account"; None = every signed-in user
    admin_only: bool = False


NAVIGATION: list[tuple[str, list[NavEntry]]] = [
    (
        "Sales",
        [
            NavEntry("Home", "home", "admin:index"),
            NavEntry("Leads", "person_search", "admin:crm_lead_changelist", "crm.view_lead"),
            NavEntry("Accounts", "apartment", "admin:crm_account_changelist", "crm.view_account"),
            NavEntry("Contacts", "contacts", "admin:crm_contact_changelist", "crm.view_contact"),
            NavEntry(
                "Opportunities",
                "trending_up",
                "admin:crm_opportunity_changelist",
                "crm.view_opportunity",
            ),
            NavEntry("Pipeline", "view_kanban", "portal:pipeline", "crm.view_opportunity"),
            NavEntry("Quotes", "request_quote", "admin:crm_quote_changelist", "crm.view_quote"),
            NavEntry("Products", "inventory_2", "admin:crm_product_changelist", "crm.view_product"),
        ],
    ),
    (
        "Billing",
        [
            NavEntry("Orders", "receipt_long", "admin:crm_order_changelist", "crm.view_order"),
            NavEntry("Payments", "payments", "admin:crm_payment_changelist", "crm.view_payment"),
            NavEntry("Contracts", "contract", "admin:crm_contract_changelist", "crm.view_contract"),
            NavEntry(
                "Retainer report", "calendar_view_month", "portal:retainers", "crm.view_payment"
            ),
        ],
    ),
    (
        "Service",
        [
            NavEntry("Cases", "support_agent", "admin:crm_case_changelist", "crm.view_case"),
            NavEntry(
                "Solutions", "lightbulb", "admin:crm_solution_changelist", "crm.view_solution"
            ),
            NavEntry(
                "Knowledge",
                "menu_book",
                "admin:crm_knowledgearticle_changelist",
                "crm.view_knowledgearticle",
            ),
        ],
    ),
    (
        "Marketing",
        [
            NavEntry("Campaigns", "campaign", "admin:crm_campaign_changelist", "crm.view_campaign"),
        ],
    ),
    (
        "Activities",
        [
            NavEntry("My tasks", "task_alt", "portal:my_tasks", "crm.view_activity"),
            NavEntry("Calendar", "event", "portal:calendar", "crm.view_activity"),
            NavEntry(
                "All activities", "checklist", "admin:crm_activity_changelist", "crm.view_activity"
            ),
        ],
    ),
    (
        "Settings",
        [
            NavEntry(
                "Users", "group", "admin:crm_user_changelist", "crm.view_user", admin_only=True
            ),
        ],
    ),
]


def _resolve(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def visible_entries(user) -> list[tuple[str, list[tuple[NavEntry, str]]]]:
    """The navigation a user may see: [(group title, [(entry, url), …]), …]."""
    groups = []
    for title, entries in NAVIGATION:
        allowed = []
        for entry in entries:
            url = _resolve(entry.url_name)
            if url is None:
                continue
            if entry.permission and not user.has_perm(entry.permission):
                continue
            if entry.admin_only and not getattr(user, "is_admin_role", False):
                continue
            allowed.append((entry, url))
        if allowed:
            groups.append((title, allowed))
    return groups


def sidebar(request) -> list[dict]:
    return [
        {
            "title": title,
            "separator": True,
            "collapsible": False,
            "items": [
                {"title": entry.title, "icon": entry.icon, "link": url} for entry, url in entries
            ],
        }
        for title, entries in visible_entries(request.user)
    ]


def environment_badge(request) -> list[str]:
    name = settings.CRM_ENVIRONMENT.upper()
    return [name, "danger" if name in {"PROD", "PRODUCTION"} else "info"]


def home_context(request, context: dict) -> dict:
    from crm.selectors.home import home_summary

    context.update(home_summary(user=request.user))
    return context
