"""Unfold theme: Salesforce Lightning blue, agency branding, grouped sidebar, command palette."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_urlconf, reverse, reverse_lazy

from config.env import env_str

# Salesforce Lightning brand scale around #0176D3 (600) with #014486 (800) for hover/done.
PRIMARY = {
    "50": "#EEF4FF",
    "100": "#D8E6FE",
    "200": "#AACBFF",
    "300": "#78B0FD",
    "400": "#1B96FF",
    "500": "#0B7FE0",
    "600": "#0176D3",
    "700": "#0B5CAB",
    "800": "#014486",
    "900": "#032D60",
    "950": "#001639",
}


def site_subheader(request) -> str:
    """The sidebar subtitle names the areas that exist: a navigation group counts once any of
    its pages is registered (so Billing or Service appear the day their admin lands). Worked
    out once per URL configuration (pages are registered when the process starts), not on
    every page."""
    key = (get_urlconf(), settings.ROOT_URLCONF)
    if key not in _subheaders:
        _subheaders[key] = _existing_areas()
    return _subheaders[key]


_subheaders: dict[object, str] = {}


def _existing_areas() -> str:
    from crm.navigation import NAVIGATION

    def exists(url_name: str) -> bool:
        try:
            reverse(url_name)
        except NoReverseMatch:
            return False
        return True

    areas = [title for title, entries in NAVIGATION if any(exists(e.url_name) for e in entries)]
    return " · ".join(areas)


UNFOLD = {
    "SITE_TITLE": env_str("CRM_AGENCY_NAME", "Agency CRM"),
    "SITE_HEADER": env_str("CRM_AGENCY_NAME", "Agency CRM"),
    "SITE_SUBHEADER": site_subheader,
    "SITE_SYMBOL": "hub",
    "SITE_URL": "/",
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_BACK_BUTTON": True,
    "ENVIRONMENT": "crm.navigation.environment_badge",
    "DASHBOARD_CALLBACK": "crm.navigation.home_context",
    "SITE_FAVICONS": [
        {"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("crm/favicon.svg")}
    ],
    "STYLES": [
        lambda request: static("crm/lightning.css"),
        lambda request: static("crm/lists.css"),
        lambda request: static("crm/shell.css"),
        lambda request: static("crm/dialog.css"),
        lambda request: static("crm/composer.css"),
    ],
    # Loaded on every admin and portal page; both replace inline handlers the CSP forbids.
    "SCRIPTS": [
        lambda request: static("crm/related_popups.js"),
        lambda request: static("crm/autosubmit.js"),
        lambda request: static("crm/toasts.js"),  # one toast style (UI.md "Toasts")
        lambda request: static("crm/shell.js"),  # the sidebar stays open from 1280 px
        lambda request: static("crm/dialog.js"),  # actions open as dialogs (UI.md "Dialogs")
        lambda request: static("crm/composer.js"),  # New Task / Event / Log a Call (issue 25)
    ],
    "COLORS": {"primary": PRIMARY},
    "LOGIN": {"form": "crm.auth.LoginForm"},
    # Records: a few per model through the trigram indexes (portal.command_search), not
    # Unfold's every-match model search.
    "COMMAND": {
        "search_models": False,
        "search_callback": "portal.command_search.search",
        "show_history": True,
    },
    # The user menu in the header: the signed-in user's own settings (time zone), then
    # Unfold's own entries (the password change link shows only without account links).
    "ACCOUNT": {
        "navigation": [
            {"title": "My settings", "link": reverse_lazy("portal:my_settings")},
            {"title": "Change password", "link": reverse_lazy("admin:password_change")},
        ]
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        # The entries: crm.navigation.sidebar, which crm.admin_site's get_sidebar_list returns.
    },
}

HOME_URL = reverse_lazy("admin:index")
