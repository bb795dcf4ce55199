"""Linking solutions and knowledge articles to a case: each link change is a version-checked
action of crm.services.cases that bumps the case's version; the answer is the case with its
links."""

import pytest

from crm.services.cases import ALREADY_LINKED, NOT_LINKED, ONLY_PUBLISHED
from crm.services.knowledge import publish_article
from crm.tests.factories import CaseFactory, KnowledgeArticleFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def url(case, action):
    return f"/api/v1/cases/{case.pk}/{action}/"


@pytest.fixture
def case(sales_user):
    return CaseFactory(account__owner=sales_user)


def test_link_then_unlink_a_solution(sales_api, case):
    solution = SolutionFactory(title="Reset the SMTP password")
    linked = sales_api.post(
        url(case, "link-solution"), {"solution": solution.pk}, HTTP_IF_MATCH='"1"'
    )
    assert linked.status_code == 200, linked.json()
    assert linked.json()["solutions"] == [{"id": solution.pk, "title": "Reset the SMTP password"}]
    assert linked["ETag"] == '"2"' and linked.json()["version"] == 2
    assert list(case.solutions.all()) == [solution]
    again = sales_api.post(
        url(case, "link-solution"), {"solution": solution.pk}, HTTP_IF_MATCH='"2"'
    )
    assert again.status_code == 422
    assert again.json()["detail"] == ALREADY_LINKED.format(item=solution, case=case.number)
    unlinked = sales_api.post(
        url(case, "unlink-solution"), {"solution": solution.pk}, HTTP_IF_MATCH='"2"'
    )
    assert unlinked.status_code == 200 and unlinked.json()["solutions"] == []
    gone = sales_api.post(url(case, "unlink-solution"), {"solution": solution.pk, "version": 3})
    assert gone.status_code == 422
    assert gone.json()["detail"] == NOT_LINKED.format(item=solution, case=case.number)


def test_link_with_a_stale_version_changes_nothing(sales_api, case):
    solution = SolutionFactory()
    stale = sales_api.post(
        url(case, "link-solution"), {"solution": solution.pk}, HTTP_IF_MATCH='"5"'
    )
    assert stale.status_code == 412
    assert not case.solutions.exists()


@pytest.mark.parametrize("solution", [999999, 10**30, -1, "x"])
def test_unknown_solution_is_400(sales_api, case, solution):
    response = sales_api.post(
        url(case, "link-solution"), {"solution": solution}, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400 and "solution" in response.json()["errors"]


def test_only_published_articles_are_linked(sales_api, sales_user, case):
    article = KnowledgeArticleFactory(title="DNS basics")
    draft = sales_api.post(url(case, "link-article"), {"article": article.pk}, HTTP_IF_MATCH='"1"')
    assert draft.status_code == 422
    assert draft.json()["detail"] == ONLY_PUBLISHED.format(item="DNS basics", status="draft")
    publish_article(article, user=sales_user, version=article.version)
    linked = sales_api.post(url(case, "link-article"), {"article": article.pk}, HTTP_IF_MATCH='"1"')
    assert linked.status_code == 200
    assert linked.json()["articles"] == [{"id": article.pk, "title": "DNS basics"}]
    unlinked = sales_api.post(
        url(case, "unlink-article"), {"article": article.pk}, HTTP_IF_MATCH='"2"'
    )
    assert unlinked.status_code == 200 and unlinked.json()["articles"] == []
    assert not case.articles.exists()


def test_cases_filter_by_linked_solution(sales_api, case, sales_user):
    solution = SolutionFactory()
    case.solutions.add(solution)
    CaseFactory(account__owner=sales_user)
    response = sales_api.get(f"/api/v1/cases/?solution={solution.pk}")
    assert [row["id"] for row in response.json()["results"]] == [case.pk]
