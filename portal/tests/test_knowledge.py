"""The knowledge base for readers (/portal/kb/): published articles only, search by title,
summary and body, safe Markdown, linked cases for users who may see cases."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.services import cases as case_services
from crm.tests.factories import CaseFactory, KnowledgeArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
KB = "/portal/kb/"


def publish(**kwargs):
    article = KnowledgeArticleFactory(**kwargs)
    KnowledgeArticle.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    return KnowledgeArticle.objects.get(pk=article.pk)


def titles(response) -> list[str]:
    return [article["title"] for article in response.context["articles"]]


def test_the_list_shows_published_articles_only(sales_client):
    publish(title="Changing DNS records", url_name="dns")
    KnowledgeArticleFactory(title="Draft about SSL")
    archived = publish(title="Old FTP guide")
    KnowledgeArticle.objects.filter(pk=archived.pk).update(status=ArticleStatus.ARCHIVED)
    response = sales_client.get(KB)
    assert response.status_code == 200 and titles(response) == ["Changing DNS records"]
    assert 'href="/portal/kb/dns/"' in response.content.decode()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("DNS", ["Changing DNS records"]),  # title
        ("certificate", ["Renewing SSL"]),  # summary
        ("staging", ["Updating WordPress"]),  # body
        ("nothing-like-this", []),
    ],
)
def test_search_by_title_summary_and_body(sales_client, term, expected):
    publish(title="Changing DNS records", summary="Registrar steps", body="Edit the A record.")
    publish(title="Renewing SSL", summary="When a certificate expires", body="Run certbot.")
    publish(title="Updating WordPress", summary="Plugins and core", body="Try it on staging.")
    response = sales_client.get(KB, {"q": term})
    assert titles(response) == expected
    if not expected:
        assert "No published article matches" in response.content.decode()


def test_the_article_is_rendered_safely(sales_client):
    publish(
        title="Backup restore",
        url_name="backup-restore",
        body="## Restore\n\n<img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1))",
    )
    response = sales_client.get(f"{KB}backup-restore/")
    html = response.content.decode()
    assert response.status_code == 200 and "<h2>Restore</h2>" in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html


def test_drafts_and_unknown_addresses_are_not_found(sales_client):
    KnowledgeArticleFactory(title="Secret draft", url_name="secret")
    assert sales_client.get(f"{KB}secret/").status_code == 404
    assert sales_client.get(f"{KB}no-such-article/").status_code == 404


def test_linked_cases_are_listed_for_users_who_see_cases(sales_client, sales_user):
    article = publish(title="SMTP setup", url_name="smtp")
    case = CaseFactory(subject="Form emails missing", owner=sales_user)
    case_services.link_article(case, article=article, user=sales_user, version=None)
    response = sales_client.get(f"{KB}smtp/")
    assert [c["number"] for c in response.context["cases"]] == [case.number]
    reader = UserFactory()
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_knowledgearticle"))
    client = Client()
    client.force_login(reader)
    page = client.get(f"{KB}smtp/")
    assert page.status_code == 200 and page.context["show_cases"] is False
    assert case.number not in page.content.decode()


def test_signed_out_visitors_go_to_the_login_page(client):
    response = client.get(KB)
    assert response.status_code == 302 and "/login/" in response.url


# Session, user, permissions, the count and one page of articles: fixed however many exist.
KB_LIST_QUERIES = 5


@pytest.mark.parametrize("term", ["", "DNS"])
def test_the_list_query_count_does_not_grow(sales_client, term):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert sales_client.get(KB, {"q": term}).status_code == 200
        return len(captured)

    publish(title="DNS one", body="DNS")
    few = queries()
    for index in range(15):
        publish(title=f"DNS article {index}", body="DNS records")
    assert few == queries() == KB_LIST_QUERIES
