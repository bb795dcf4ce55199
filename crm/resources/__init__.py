"""CSV / XLSX import-export resources (SPEC §7), one module per area; shared widgets in
``widgets``, the shared base in ``base``, file formats in ``formats``."""

from crm.resources.accounts import AccountResource, ContactResource
from crm.resources.campaigns import CampaignMemberResource
from crm.resources.catalog import ProductResource
from crm.resources.leads import LeadResource
from crm.resources.opportunities import OpportunityResource

__all__ = [
    "AccountResource",
    "CampaignMemberResource",
    "ContactResource",
    "LeadResource",
    "OpportunityResource",
    "ProductResource",
]

#: ``import_records`` model names → resources.
RESOURCES_BY_MODEL = {
    "account": AccountResource,
    "contact": ContactResource,
    "lead": LeadResource,
    "product": ProductResource,
    "campaignmember": CampaignMemberResource,
}
