"""Every /api/v1/ resource, by URL prefix. A new resource is one line here."""

from api.resources.accounts import AccountViewSet, ContactViewSet
from api.resources.activities import ActivityViewSet
from api.resources.assets import AssetViewSet
from api.resources.campaigns import CampaignMemberViewSet, CampaignViewSet
from api.resources.cases import CaseViewSet
from api.resources.catalog import ProductViewSet
from api.resources.contracts import ContractLineItemViewSet, ContractViewSet
from api.resources.emails import EmailViewSet
from api.resources.invoices import InvoiceViewSet
from api.resources.knowledge import KnowledgeArticleViewSet
from api.resources.leads import LeadViewSet
from api.resources.opportunities import OpportunityViewSet
from api.resources.opportunity_lines import ContactRoleViewSet, LineItemViewSet
from api.resources.orders import OrderViewSet
from api.resources.payments import PaymentViewSet
from api.resources.quotes import QuoteLineItemViewSet, QuoteViewSet
from api.resources.solutions import SolutionViewSet
from api.resources.users import UserViewSet

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
    ("quotes", QuoteViewSet),
    ("quote-line-items", QuoteLineItemViewSet),
    ("orders", OrderViewSet),
    ("payments", PaymentViewSet),
    ("invoices", InvoiceViewSet),
    ("contracts", ContractViewSet),
    ("contract-line-items", ContractLineItemViewSet),
    ("assets", AssetViewSet),
    ("cases", CaseViewSet),
    ("solutions", SolutionViewSet),
    ("knowledge-articles", KnowledgeArticleViewSet),
    ("activities", ActivityViewSet),
    ("users", UserViewSet),
    ("emails", EmailViewSet),
]
