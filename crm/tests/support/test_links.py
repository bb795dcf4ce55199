"""Solutions and articles linked to a case (SPEC §6): link, unlink, create-and-link, only
published articles, versions."""

import pytest

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.models.support import Solution
from crm.services import cases as services
from crm.tests.factories import KnowledgeArticleFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def published(**kwargs):
    article = KnowledgeArticleFactory(**kwargs)
    KnowledgeArticle.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    return KnowledgeArticle.objects.get(pk=article.pk)


def test_link_and_unlink_a_solution_bumps_the_case_version(case, sales_user):
    solution = SolutionFactory()
    version = case.version
    services.link_solution(case, solution=solution, user=sales_user, version=case.version)
    assert list(case.solutions.all()) == [solution] and case.version == version + 1
    with pytest.raises(BusinessRuleError, match="already linked"):
        services.link_solution(case, solution=solution, user=sales_user, version=case.version)
    services.unlink_solution(case, solution=solution, user=sales_user, version=case.version)
    assert not case.solutions.exists()
    with pytest.raises(BusinessRuleError, match="is not linked"):
        services.unlink_solution(case, solution=solution, user=sales_user, version=case.version)


def test_a_stale_link_changes_nothing(case, sales_user):
    stale = case.version
    services.start_case(case, user=sales_user, version=case.version)
    with pytest.raises(ConcurrencyError):
        services.link_solution(case, solution=SolutionFactory(), user=sales_user, version=stale)
    assert not case.solutions.exists()


def test_new_solution_is_created_and_linked_in_one_step(case, sales_user):
    solution = Solution(title="Reset the SMTP app password", details="Generate a new one.")
    services.create_linked_solution(solution, case=case, user=sales_user, version=case.version)
    assert solution.pk and solution.owner == sales_user
    assert list(case.solutions.all()) == [solution]


def test_an_invalid_new_solution_writes_nothing(case, sales_user):
    with pytest.raises(BusinessRuleError):
        services.create_linked_solution(Solution(title=" "), case=case, user=sales_user)
    assert not Solution.objects.exists() and not case.solutions.exists()


def test_only_published_articles_can_be_linked(case, sales_user):
    draft = KnowledgeArticleFactory(title="Draft: DNS")
    with pytest.raises(BusinessRuleError, match="Only published articles"):
        services.link_article(case, article=draft, user=sales_user, version=case.version)
    article = published(title="Changing DNS records")
    services.link_article(case, article=article, user=sales_user, version=case.version)
    assert list(case.articles.all()) == [article]
    services.unlink_article(case, article=article, user=sales_user, version=case.version)
    assert not case.articles.exists()
