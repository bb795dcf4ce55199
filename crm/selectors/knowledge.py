"""Read queries for the knowledge base: the readers' list and search, one article by its URL
name, and the published articles a case may link.

Search uses PostgreSQL full-text search (title weighted above summary above body, ranked,
``websearch`` syntax: quotes, ``or``, ``-word``) and falls back to a case-insensitive substring
match on other databases (SQLite in development)."""

from django.db import connection
from django.db.models import Q, QuerySet

from crm.models.knowledge import KnowledgeArticle
from crm.models.support import Case

SEARCH_CONFIG = "english"


def _full_text(queryset: QuerySet[KnowledgeArticle], term: str) -> QuerySet[KnowledgeArticle]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
    query = SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(search=vector, rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "title", "pk")
    )


def search_articles(queryset: QuerySet[KnowledgeArticle], term: str) -> QuerySet[KnowledgeArticle]:
    """Articles of ``queryset`` matching ``term`` in title, summary or body (best first)."""
    term = (term or "").strip()
    if not term:
        return queryset.order_by("title", "pk")
    if connection.vendor == "postgresql":
        return _full_text(queryset, term)
    match = Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
    return queryset.filter(match).order_by("title", "pk")


def published_articles(*, term: str = "") -> QuerySet[KnowledgeArticle]:
    """What readers see in /portal/kb/."""
    return search_articles(KnowledgeArticle.objects.published(), term)


def published_article(url_name: str) -> KnowledgeArticle | None:
    return KnowledgeArticle.objects.published().filter(url_name=url_name).first()


def article_cases(article: KnowledgeArticle) -> QuerySet[Case]:
    """The cases that link the article (shown to staff on the article)."""
    return (
        Case.objects.filter(articles=article)
        .select_related("account", "owner")
        .order_by("-created_at", "-pk")
    )


def linkable_articles(case: Case, *, term: str = "", limit: int = 20) -> list[KnowledgeArticle]:
    """Published articles not yet linked to the case, matching the search."""
    queryset = KnowledgeArticle.objects.published().exclude(cases=case)
    return list(search_articles(queryset, term)[:limit])
