"""Admin registrations by area, mirroring the sidebar (sales, billing, service, marketing,
activities, settings); the shared pieces are in ``kit``. Importing a module registers its
admin; the area packages import nothing themselves, so any module may import another's card."""

from django.contrib import admin
from django.contrib.auth.models import Group

import crm.admin.activities.activities  # noqa: F401
import crm.admin.billing.assets  # noqa: F401
import crm.admin.billing.contracts.admin  # noqa: F401
import crm.admin.billing.contracts.children  # noqa: F401
import crm.admin.billing.orders.admin  # noqa: F401
import crm.admin.billing.payments.admin  # noqa: F401
import crm.admin.marketing.campaigns.admin  # noqa: F401
import crm.admin.marketing.members  # noqa: F401
import crm.admin.sales.accounts  # noqa: F401
import crm.admin.sales.contacts  # noqa: F401
import crm.admin.sales.leads.admin  # noqa: F401
import crm.admin.sales.opportunities.admin  # noqa: F401
import crm.admin.sales.opportunities.children  # noqa: F401
import crm.admin.sales.products  # noqa: F401
import crm.admin.sales.quotes.admin  # noqa: F401
import crm.admin.sales.quotes.lines  # noqa: F401
import crm.admin.service.cases.admin  # noqa: F401
import crm.admin.service.knowledge  # noqa: F401
import crm.admin.service.solutions  # noqa: F401
import crm.admin.settings.api_tokens  # noqa: F401
import crm.admin.settings.attachments  # noqa: F401
import crm.admin.settings.company  # noqa: F401
import crm.admin.settings.outbox  # noqa: F401
import crm.admin.settings.users  # noqa: F401

# Groups mirror the two roles and are kept in sync from crm.permissions; editing them by hand
# would silently diverge from the matrix of SPEC §5, so they are not offered in the admin.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

admin.site.index_template = "crm/home.html"
admin.site.index_title = "Home"
