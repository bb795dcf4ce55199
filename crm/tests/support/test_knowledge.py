"""Knowledge articles (SPEC §6): url_name, the draft → published → archived → draft cycle,
version_number and published_at, only drafts editable."""

import pytest
from django.db import IntegrityError, transaction

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.services import knowledge as services
from crm.services.records import save_record
from crm.tests.factories import KnowledgeArticleFactory

pytestmark = pytest.mark.django_db
DRAFT, PUBLISHED, ARCHIVED = ArticleStatus.DRAFT, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED


def new_article(user, title="Renewing your SSL certificate", **kwargs):
    article = KnowledgeArticle(title=title, body="Certificates renew **automatically**.", **kwargs)
    return save_record(article, user=user)


def put(article, status):
    KnowledgeArticle.objects.filter(pk=article.pk).update(status=status)
    return KnowledgeArticle.objects.get(pk=article.pk)


def test_url_name_is_filled_from_the_title_and_kept_unique(sales_user):
    first = new_article(sales_user)
    second = new_article(sales_user)
    assert first.url_name == "renewing-your-ssl-certificate"
    assert second.url_name == "renewing-your-ssl-certificate-2"


def test_a_taken_url_name_is_refused(sales_user):
    new_article(sales_user, url_name="dns")
    with pytest.raises(BusinessRuleError, match="already uses this URL name"):
        new_article(sales_user, title="Other", url_name="dns")
    with pytest.raises(IntegrityError), transaction.atomic():
        KnowledgeArticleFactory(url_name="dns")


def test_publish_stamps_published_at_and_bumps_the_version_number(sales_user):
    article = new_article(sales_user)
    assert article.version_number == 0 and article.published_at is None
    services.publish_article(article, user=sales_user, version=article.version)
    article.refresh_from_db()
    assert article.status == PUBLISHED and article.version_number == 1
    assert article.published_at is not None


def test_the_full_cycle_publishes_the_next_version(sales_user):
    article = new_article(sales_user)
    services.publish_article(article, user=sales_user, version=article.version)
    services.archive_article(article, user=sales_user, version=article.version)
    assert article.status == ARCHIVED
    services.restore_article(article, user=sales_user, version=article.version)
    assert article.status == DRAFT
    article.body = "Revised steps."
    save_record(article, user=sales_user, version=article.version)
    services.publish_article(article, user=sales_user, version=article.version)
    article.refresh_from_db()
    assert article.version_number == 2 and article.body == "Revised steps."


REFUSED = [
    ("publish", PUBLISHED, "Only draft articles can be published"),
    ("publish", ARCHIVED, "Only draft articles can be published"),
    ("archive", DRAFT, "Only published articles can be archived"),
    ("archive", ARCHIVED, "Only published articles can be archived"),
    ("restore", DRAFT, "Only archived articles can be restored"),
    ("restore", PUBLISHED, "Only archived articles can be restored"),
]


@pytest.mark.parametrize(("name", "source", "message"), REFUSED)
def test_refused_moves_change_nothing(sales_user, name, source, message):
    article = put(new_article(sales_user), source)
    with pytest.raises(BusinessRuleError, match=message):
        getattr(services, f"{name}_article")(article, user=sales_user, version=article.version)
    assert KnowledgeArticle.objects.get(pk=article.pk).status == source


def test_an_empty_article_cannot_be_published(sales_user):
    article = save_record(KnowledgeArticle(title="Empty"), user=sales_user)
    with pytest.raises(BusinessRuleError, match="Write the article's body"):
        services.publish_article(article, user=sales_user, version=article.version)


def test_a_stale_publish_changes_nothing(sales_user):
    article = new_article(sales_user)
    with pytest.raises(ConcurrencyError):
        services.publish_article(article, user=sales_user, version=article.version + 1)
    assert KnowledgeArticle.objects.get(pk=article.pk).status == DRAFT


@pytest.mark.parametrize("status", [PUBLISHED, ARCHIVED])
def test_only_drafts_are_editable(sales_user, status):
    article = put(new_article(sales_user), status)
    article.body = "Sneaky edit"
    with pytest.raises(BusinessRuleError, match="Only draft articles can be edited"):
        save_record(article, user=sales_user, version=article.version)
    with pytest.raises(BusinessRuleError, match="Only draft articles can be edited"):
        article.save()
    assert KnowledgeArticle.objects.get(pk=article.pk).body != "Sneaky edit"
