"""Knowledge articles on the wire: raw Markdown in and out, only drafts editable, and the
publish → archive → restore cycle of crm.services.knowledge with its refusals."""

import pytest

from crm.models import KnowledgeArticle
from crm.models.knowledge import ONLY_DRAFTS_EDITABLE, URL_NAME_TAKEN
from crm.services.knowledge import EMPTY_BODY, MOVE_REFUSED
from crm.tests.factories import KnowledgeArticleFactory

pytestmark = pytest.mark.django_db
BODY = "## Steps\n\n1. Open **DNS**.\n\n<script>alert(1)</script>"


def url(article, action=""):
    return f"/api/v1/knowledge-articles/{article.pk}/{action + '/' if action else ''}"


def test_create_returns_the_raw_markdown(sales_api, sales_user):
    data = {"title": "Point your domain", "body": BODY, "status": "published"}
    refused = sales_api.post("/api/v1/knowledge-articles/", data, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["status"]
    del data["status"]
    response = sales_api.post("/api/v1/knowledge-articles/", data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["body"] == BODY  # not rendered, not escaped
    assert body["url_name"] == "point-your-domain" and body["status"] == "draft"
    assert body["owner"] == sales_user.pk and body["version_number"] == 0
    article = KnowledgeArticle.objects.get(pk=body["id"])
    assert article.history.first().history_user == sales_user


def test_patch_a_draft_then_a_published_article_is_refused(sales_api, sales_user):
    article = KnowledgeArticleFactory(owner=sales_user)
    edited = sales_api.patch(url(article), {"summary": "Short"}, HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["summary"] == "Short"
    published = sales_api.post(url(article, "publish"), HTTP_IF_MATCH=edited["ETag"])
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["version_number"] == 1 and published.json()["published_at"]
    frozen = sales_api.patch(url(article), {"title": "New"}, HTTP_IF_MATCH=published["ETag"])
    assert frozen.status_code == 422 and frozen.json()["detail"] == ONLY_DRAFTS_EDITABLE
    article.refresh_from_db()
    assert article.title != "New"


def test_publish_archive_restore(sales_api, sales_user):
    article = KnowledgeArticleFactory(owner=sales_user, title="DNS")
    published = sales_api.post(url(article, "publish"), {"version": 1})
    archived = sales_api.post(url(article, "archive"), HTTP_IF_MATCH=published["ETag"])
    assert archived.status_code == 200 and archived.json()["status"] == "archived"
    again = sales_api.post(url(article, "archive"), HTTP_IF_MATCH=archived["ETag"])
    assert again.status_code == 422
    assert again.json()["detail"] == MOVE_REFUSED.format(
        source="published", done="archived", article="DNS", status="archived"
    )
    restored = sales_api.post(url(article, "restore"), HTTP_IF_MATCH=archived["ETag"])
    assert restored.status_code == 200 and restored.json()["status"] == "draft"
    republished = sales_api.post(url(article, "publish"), HTTP_IF_MATCH=restored["ETag"])
    assert republished.json()["version_number"] == 2


def test_publishing_an_empty_article_is_refused(sales_api, sales_user):
    article = KnowledgeArticleFactory(owner=sales_user, body="  ")
    response = sales_api.post(url(article, "publish"), HTTP_IF_MATCH='"1"')
    assert response.status_code == 422 and response.json()["detail"] == EMPTY_BODY
    article.refresh_from_db()
    assert article.status == "draft"


def test_stale_if_match_is_412(sales_api, sales_user):
    article = KnowledgeArticleFactory(owner=sales_user)
    assert sales_api.patch(url(article), {"summary": "A"}, HTTP_IF_MATCH='"1"').status_code == 200
    assert sales_api.patch(url(article), {"summary": "B"}, HTTP_IF_MATCH='"1"').status_code == 412
    assert sales_api.post(url(article, "publish"), HTTP_IF_MATCH='"1"').status_code == 412
    article.refresh_from_db()
    assert (article.summary, article.status) == ("A", "draft")


def test_duplicate_url_name_is_the_models_message(sales_api, sales_user):
    KnowledgeArticleFactory(url_name="dns")
    data = {"title": "DNS again", "url_name": "dns"}
    response = sales_api.post("/api/v1/knowledge-articles/", data, format="json")
    assert response.status_code == 422
    assert response.json()["errors"]["url_name"] == [URL_NAME_TAKEN]
    assert KnowledgeArticle.objects.filter(url_name="dns").count() == 1


def test_filters_and_search(sales_api, sales_user, colleague):
    mine = KnowledgeArticleFactory(owner=sales_user, title="Email setup")
    theirs = KnowledgeArticleFactory(owner=colleague, title="Backups")
    sales_api.post(url(theirs, "publish"), HTTP_IF_MATCH='"1"')

    def ids(query):
        response = sales_api.get(f"/api/v1/knowledge-articles/?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("status=published") == {theirs.pk}
    assert ids(f"owner={sales_user.pk}") == {mine.pk}
    assert ids("search=email") == {mine.pk}
    assert ids("published_after=2000-01-01T00:00:00Z") == {theirs.pk}


def test_list_and_detail_query_counts_are_pinned(sales_api, sales_user, django_assert_num_queries):
    articles = KnowledgeArticleFactory.create_batch(6)
    with django_assert_num_queries(4):  # see test_service_cases.LIST_QUERIES
        response = sales_api.get("/api/v1/knowledge-articles/")
    assert len(response.json()["results"]) == 6
    with django_assert_num_queries(4):
        assert sales_api.get(url(articles[0])).json()["title"] == articles[0].title
