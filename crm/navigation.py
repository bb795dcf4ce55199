"""Unfold callbacks: the environment badge, the Salesforce-style sidebar and the Home context.

The sidebar lists every object tab of SPEC §7 once. An entry shows only when its page exists
(its URL name resolves) and the user holds its permission, so later issues light entries up
just by registering their admin or portal view. An entry that lists one kind of record shows
that record's icon from the one registry, ``crm.objects``; only pages that are no record list
(Home, Pipeline, the retainer report) name their own symbol."""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from crm.home_screen import dashboard_context
from crm.objects import style_of
from crm.selectors.home import home_summary

CHANGELIST_URL_NAME = re.compile(r"^admin:crm_(?P<model>[a-z0-9]+)_changelist$")


@dataclass(frozen=True)
class NavEntry:
    title: str
    url_name: str
    permission: str | None = None  # "crm.view_account"; None = every signed-in user
    admin_only: bool = False
    object_name: str | None = None  # the record type listed, when the URL name does not say it
    symbol: str | None = None  # a page that lists no record type: its own Material Symbol

    @property
    def record_type(self) -> str | None:
        if self.object_name:
            return self.object_name
        match = CHANGELIST_URL_NAME.match(self.url_name)
        return match["model"] if match else None

    @property
    def icon(self) -> str:
        if self.symbol:
            return self.symbol
        return style_of(self.record_type or "").icon


NAVIGATION: list[tuple[str, list[NavEntry]]] = [
    (
        "Sales",
        [
            NavEntry("Home", "admin:index", symbol="home"),
            NavEntry("Leads", "admin:crm_lead_changelist", "crm.view_lead"),
            NavEntry("Accounts", "admin:crm_account_changelist", "crm.view_account"),
            NavEntry("Contacts", "admin:crm_contact_changelist", "crm.view_contact"),
            NavEntry("Opportunities", "admin:crm_opportunity_changelist", "crm.view_opportunity"),
            NavEntry("Pipeline", "portal:pipeline", "crm.view_opportunity", symbol="view_kanban"),
            NavEntry("Quotes", "admin:crm_quote_changelist", "crm.view_quote"),
            NavEntry("Products", "admin:crm_product_changelist", "crm.view_product"),
        ],
    ),
    (
        "Billing",
        [
            NavEntry("Orders", "admin:crm_order_changelist", "crm.view_order"),
            NavEntry("Invoices", "admin:crm_invoice_changelist", "crm.view_invoice"),
            NavEntry("Payments", "admin:crm_payment_changelist", "crm.view_payment"),
            NavEntry("Contracts", "admin:crm_contract_changelist", "crm.view_contract"),
            NavEntry(
                "Retainer report",
                "portal:retainers",
                "crm.view_payment",
                symbol="calendar_view_month",
            ),
        ],
    ),
    (
        "Service",
        [
            NavEntry("Cases", "admin:crm_case_changelist", "crm.view_case"),
            NavEntry("Solutions", "admin:crm_solution_changelist", "crm.view_solution"),
            NavEntry(
                "Knowledge", "admin:crm_knowledgearticle_changelist", "crm.view_knowledgearticle"
            ),
            NavEntry(
                "Knowledge base", "portal:kb", "crm.view_knowledgearticle", symbol="local_library"
            ),
        ],
    ),
    (
        "Marketing",
        [
            NavEntry("Campaigns", "admin:crm_campaign_changelist", "crm.view_campaign"),
        ],
    ),
    (
        "Activities",
        [
            NavEntry("My tasks", "portal:my_tasks", "crm.view_activity", object_name="task"),
            NavEntry("Calendar", "portal:calendar", "crm.view_activity", object_name="event"),
            NavEntry("All activities", "admin:crm_activity_changelist", "crm.view_activity"),
        ],
    ),
    (
        "Settings",
        [
            NavEntry("Users", "admin:crm_user_changelist", "crm.view_user", admin_only=True),
            NavEntry("API tokens", "admin:crm_apitoken_changelist", "crm.view_apitoken"),
            NavEntry(
                "Company information",
                "admin:crm_companyinformation_changelist",
                admin_only=True,
            ),
            NavEntry(
                "Outbox",
                "admin:crm_emailmessage_changelist",
                "crm.view_emailmessage",
                admin_only=True,
            ),
            NavEntry("API docs", "api:docs", symbol="api"),
        ],
    ),
]


def _resolve(url_name: str) -> str | None:
    return _resolved(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=128)
def _resolved(url_name: str, _prefix: str, _urlconf) -> str | None:
    """Each entry's URL, reversed once (every page draws the sidebar)."""
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


def is_active(link: str, path: str, home: str | None) -> bool:
    """Unfold's rule (``UnfoldAdminSite._get_is_active``): Home on Home only, any other entry on
    every page under its link."""
    return path == home if link == home else link in path


def sidebar(request) -> list[dict]:
    """The sidebar as Unfold's template reads it, each entry marked active for this page (the
    admin site takes these entries as they are: crm.admin_site)."""
    home = _resolve("admin:index")
    return [
        {
            "title": title,
            "separator": True,
            "collapsible": False,
            # Unfold's template also reads the keys set to None; without them every entry
            # costs three failed lookups (Django's template engine then calls dir()).
            "items": [
                {
                    "title": entry.title,
                    "icon": entry.icon,
                    "link": url,
                    "active": is_active(url, request.path, home),
                    "has_permission": True,  # visible_entries left out what the user may not see
                    "link_callback": None,
                    "link_attrs": None,
                    "icon_template": None,
                }
                for entry, url in entries
            ],
        }
        for title, entries in visible_entries(request.user)
    ]


def environment_badge(request) -> list[str]:
    name = settings.CRM_ENVIRONMENT.upper()
    return [name, "danger" if name in {"PROD", "PRODUCTION"} else "info"]


def home_context(request, context: dict) -> dict:
    """Unfold's dashboard callback: the Home selector's data plus the links this screen shows."""
    context.update(home_summary(user=request.user))
    context.update(dashboard_context(request))
    context["password_change_url"] = reverse("admin:password_change")
    return context
