"""Knowledge articles in the admin: safe preview, Publish / Archive / Restore buttons, only
drafts editable, search."""

import pytest
from django.urls import reverse

from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.tests.factories import KnowledgeArticleFactory

pytestmark = pytest.mark.django_db


def test_new_article_gets_its_url_name_and_the_preview_is_sanitised(sales_client):
    response = sales_client.post(
        reverse("admin:crm_knowledgearticle_add"),
        {
            "title": "Restoring a site from backup",
            "url_name": "",
            "summary": "Nightly backups, kept 30 days.",
            "body": "## Steps\n\n<script>alert(1)</script>\n\n```\nwp db import x.sql\n```",
        },
    )
    assert response.status_code == 302
    article = KnowledgeArticle.objects.get()
    assert article.url_name == "restoring-a-site-from-backup" and article.owner.email
    page = sales_client.get(reverse("admin:crm_knowledgearticle_change", args=[article.pk]))
    html = page.content.decode()
    assert "<h2>Steps</h2>" in html and "<script>alert(1)</script>" not in html
    assert "wp db import x.sql&#10;</code>" in html


def test_publish_from_the_header_then_the_article_is_read_only(sales_client):
    article = KnowledgeArticleFactory(title="Renewing SSL")
    publish = reverse("admin:crm_knowledgearticle_publish_detail", args=[article.pk])
    response = sales_client.post(publish, {"version": article.version}, follow=True)
    assert "Knowledge article 'Renewing SSL' was published." in [
        str(m) for m in response.context["messages"]
    ]
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.version_number == 1
    page = sales_client.get(reverse("admin:crm_knowledgearticle_change", args=[article.pk]))
    assert page.context["has_change_permission"] is False
    edit_page = sales_client.get(
        reverse("admin:crm_knowledgearticle_change", args=[article.pk]) + "?edit=1"
    )
    assert edit_page.status_code == 200 and edit_page.context["has_change_permission"] is False
    edit = sales_client.post(
        reverse("admin:crm_knowledgearticle_change", args=[article.pk]),
        {"title": "Hacked", "body": "x", "version": article.version},
    )
    assert edit.status_code == 403
    assert KnowledgeArticle.objects.get(pk=article.pk).title == "Renewing SSL"


def test_admin_search_covers_title_summary_and_body(sales_client):
    KnowledgeArticleFactory(title="Moving DNS", summary="Nameservers", body="Change the A record")
    KnowledgeArticleFactory(title="WordPress updates", summary="Plugins", body="Use staging first")
    url = reverse("admin:crm_knowledgearticle_changelist")
    for term in ("DNS", "nameservers", "staging"):
        response = sales_client.get(url, {"q": term})
        assert len(response.context["cl"].result_list) == 1, term
