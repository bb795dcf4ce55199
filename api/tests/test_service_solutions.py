"""Solutions on the wire: CRU through crm.services.records, filters and search, owner rules
and pinned query counts."""

import pytest

from crm.models import Solution
from crm.tests.factories import CaseFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def url(solution):
    return f"/api/v1/solutions/{solution.pk}/"


def test_create_and_patch(sales_api, sales_user):
    response = sales_api.post("/api/v1/solutions/", {"title": " Clear the cache "}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Clear the cache" and body["status"] == "draft"
    assert body["owner"] == sales_user.pk
    solution = Solution.objects.get(pk=body["id"])
    patched = sales_api.patch(url(solution), {"status": "reviewed"}, HTTP_IF_MATCH='"1"')
    assert patched.status_code == 200 and patched.json()["status"] == "reviewed"
    assert solution.history.first().history_user == sales_user


def test_blank_title_and_bad_status_are_400(sales_api):
    response = sales_api.post("/api/v1/solutions/", {"title": "", "status": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "status"}


def test_stale_and_missing_versions(sales_api, sales_user):
    solution = SolutionFactory(owner=sales_user)
    assert sales_api.patch(url(solution), {"details": "A"}).status_code == 428
    assert sales_api.patch(url(solution), {"details": "B"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = sales_api.patch(url(solution), {"details": "C"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    solution.refresh_from_db()
    assert solution.details == "B"


def test_only_admins_give_a_solution_away(sales_api, admin_api, sales_user, colleague):
    solution = SolutionFactory(owner=sales_user)
    refused = sales_api.patch(url(solution), {"owner": colleague.pk}, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Only admins can change a record's owner."
    given = admin_api.patch(url(solution), {"owner": colleague.pk}, HTTP_IF_MATCH='"1"')
    assert given.status_code == 200 and given.json()["owner"] == colleague.pk


def test_filters_and_search(sales_api, sales_user):
    smtp = SolutionFactory(title="Reset SMTP", status="reviewed")
    dns = SolutionFactory(title="Flush DNS", details="Also clear the browser cache")
    case = CaseFactory(account__owner=sales_user)
    case.solutions.add(dns)

    def ids(query):
        response = sales_api.get(f"/api/v1/solutions/?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("status=reviewed") == {smtp.pk}
    assert ids("search=browser") == {dns.pk}
    assert ids(f"case={case.pk}") == {dns.pk}
    assert ids(f"owner={smtp.owner_id}") == {smtp.pk}


def test_list_and_detail_query_counts_are_pinned(sales_api, django_assert_num_queries):
    solutions = SolutionFactory.create_batch(6)
    with django_assert_num_queries(4):
        response = sales_api.get("/api/v1/solutions/")
    assert len(response.json()["results"]) == 6
    with django_assert_num_queries(4):
        assert sales_api.get(url(solutions[0])).json()["title"] == solutions[0].title
