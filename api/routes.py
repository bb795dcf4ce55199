"""Every /api/v1/ resource, by URL prefix. A new resource is one line here."""

from api.resources.accounts import AccountViewSet, ContactViewSet
from api.resources.activities import ActivityViewSet
from api.resources.cases import CaseViewSet
from api.resources.knowledge import KnowledgeArticleViewSet
from api.resources.solutions import SolutionViewSet

ROUTES = [
    ("accounts", AccountViewSet),
    ("contacts", ContactViewSet),
    ("cases", CaseViewSet),
    ("solutions", SolutionViewSet),
    ("knowledge-articles", KnowledgeArticleViewSet),
    ("activities", ActivityViewSet),
]
