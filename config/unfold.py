"""Unfold theme: Salesforce Lightning blue, agency branding, grouped sidebar, command palette."""

from django.templatetags.static import static
from django.urls import reverse_lazy

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

UNFOLD = {
    "SITE_TITLE": env_str("CRM_AGENCY_NAME", "Agency CRM"),
    "SITE_HEADER": env_str("CRM_AGENCY_NAME", "Agency CRM"),
    "SITE_SUBHEADER": "Sales · Billing · Service",
    "SITE_SYMBOL": "hub",
    "SITE_URL": "/",
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_BACK_BUTTON": True,
    "ENVIRONMENT": "crm.navigation.environment_badge",
    "DASHBOARD_CALLBACK": "crm.navigation.home_context",
    "STYLES": [lambda request: static("crm/lightning.css")],
    "COLORS": {"primary": PRIMARY},
    "LOGIN": {"form": "crm.auth.LoginForm"},
    # Records: a few per model through the trigram indexes (portal.command_search), not
    # Unfold's every-match model search.
    "COMMAND": {
        "search_models": False,
        "search_callback": "portal.command_search.search",
        "show_history": True,
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "crm.navigation.sidebar",
    },
}

HOME_URL = reverse_lazy("admin:index")
