"""Admin registrations, one module per area. Importing a module registers its admin."""

from django.contrib import admin
from django.contrib.auth.models import Group

from crm.admin import (  # noqa: F401
    accounts,
    activities,
    api_tokens,
    assets,
    attachments,
    campaign_members,
    campaigns,
    cases,
    catalog,
    contacts,
    contract_children,
    contracts,
    knowledge,
    leads,
    opportunities,
    opportunity_children,
    orders,
    payments,
    quote_lines,
    quotes,
    solutions,
    users,
)

# Groups mirror the two roles and are kept in sync from crm.permissions; editing them by hand
# would silently diverge from the matrix of SPEC §5, so they are not offered in the admin.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

admin.site.index_template = "crm/home.html"
admin.site.index_title = "Home"
