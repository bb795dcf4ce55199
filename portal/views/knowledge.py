"""The knowledge base for readers (SPEC §6 KnowledgeArticle): every signed-in user can search
the published articles and read one, rendered from Markdown by ``crm.markdown`` (sanitised).
Staff who may see cases also see which cases link the article."""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from crm.markdown import render_markdown
from crm.selectors.knowledge import article_cases, published_article, published_articles
from portal.views.base import portal_page, render_portal

PAGE_SIZE = 20
SEARCH_LENGTH = 200
LINKED_CASES_SHOWN = 20


@require_GET
@portal_page("crm.view_knowledgearticle")
def article_list(request):
    term = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    page = Paginator(published_articles(term=term), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "term": term,
        "page": page,
        "articles": [
            {
                "title": article.title,
                "summary": article.summary,
                "url": reverse("portal:kb_article", args=[article.url_name]),
                "published_at": article.published_at,
                "version_number": article.version_number,
            }
            for article in page.object_list
        ],
    }
    return render_portal(request, "portal/kb_list.html", context, title="Knowledge base")


@require_GET
@portal_page("crm.view_knowledgearticle")
def article_detail(request, url_name: str):
    article = published_article(url_name)
    if article is None:
        raise Http404("No published article has this address.")
    cases = []
    if request.user.has_perm("crm.view_case"):
        cases = [
            {
                "number": case.number,
                "subject": case.subject,
                "account": case.account.name,
                "status": case.get_status_display(),
                "url": reverse("admin:crm_case_change", args=[case.pk]),
            }
            for case in article_cases(article)[:LINKED_CASES_SHOWN]
        ]
    context = {
        "article": article,
        "body": render_markdown(article.body),
        "cases": cases,
        "show_cases": request.user.has_perm("crm.view_case"),
        "edit_url": reverse("admin:crm_knowledgearticle_change", args=[article.pk]),
        "list_url": reverse("portal:kb"),
    }
    return render_portal(request, "portal/kb_article.html", context, title=article.title)
