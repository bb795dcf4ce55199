"""Every /api/v1/ resource, by URL prefix. A new resource is one line here."""

from api.resources.accounts import AccountViewSet, ContactViewSet
from api.resources.campaigns import CampaignMemberViewSet, CampaignViewSet
from api.resources.catalog import ProductViewSet
from api.resources.leads import LeadViewSet
from api.resources.opportunities import OpportunityViewSet
from api.resources.opportunity_lines import ContactRoleViewSet, LineItemViewSet

ROUTES = [
    ("accounts", AccountViewSet),
    ("contacts", ContactViewSet),
    ("leads", LeadViewSet),
    ("campaigns", CampaignViewSet),
    ("campaign-members", CampaignMemberViewSet),
    ("products", ProductViewSet),
    ("opportunities", OpportunityViewSet),
    ("opportunity-line-items", LineItemViewSet),
    ("opportunity-contact-roles", ContactRoleViewSet),
]
