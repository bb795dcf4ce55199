"""Every /api/v1/ resource, by URL prefix. A new resource is one line here."""

from api.resources.accounts import AccountViewSet, ContactViewSet
from api.resources.activities import ActivityViewSet
from api.resources.cases import CaseViewSet
from api.resources.knowledge import KnowledgeArticleViewSet
from api.resources.solutions import SolutionViewSet
from api.resources.assets import AssetViewSet
from api.resources.contracts import ContractLineItemViewSet, ContractViewSet
from api.resources.orders import OrderViewSet
from api.resources.payments import PaymentViewSet
from api.resources.quotes import QuoteLineItemViewSet, QuoteViewSet

ROUTES = [
    ("accounts", AccountViewSet),
    ("contacts", ContactViewSet),
    ("cases", CaseViewSet),
    ("solutions", SolutionViewSet),
    ("knowledge-articles", KnowledgeArticleViewSet),
    ("activities", ActivityViewSet),
    ("quotes", QuoteViewSet),
    ("quote-line-items", QuoteLineItemViewSet),
    ("orders", OrderViewSet),
    ("payments", PaymentViewSet),
    ("contracts", ContractViewSet),
    ("contract-line-items", ContractLineItemViewSet),
    ("assets", AssetViewSet),
]
