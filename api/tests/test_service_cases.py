"""Cases on the wire: CRU, filters and search, the status actions through
crm.services.cases with their refusals, and the queries a list and a detail cost."""

import pytest

from crm.models import Case
from crm.services.cases import CLOSE_REFUSED, RESOLUTION_REQUIRED, START_REFUSED
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    KnowledgeArticleFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


def url(case, action=""):
    return f"/api/v1/cases/{case.pk}/{action + '/' if action else ''}"


def test_create_and_patch_a_case(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    contact = ContactFactory(account=account, owner=sales_user)
    data = {
        "subject": " Site down ",
        "account": account.pk,
        "contact": contact.pk,
    }
    refused = sales_api.post("/api/v1/cases/", {**data, "status": "closed"}, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["status"]
    response = sales_api.post("/api/v1/cases/", {**data, "priority": "high"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["subject"] == "Site down" and body["number"] == case.number
    assert body["status"] == "new" and body["owner"] == sales_user.pk  # status is read-only
    assert case.history.first().history_user == sales_user
    patched = sales_api.patch(url(case), {"priority": "low"}, HTTP_IF_MATCH=response["ETag"])
    assert patched.status_code == 200 and patched.json()["priority"] == "low"
    assert patched["ETag"] == '"2"'


def test_patch_refuses_a_contact_of_another_account_and_stale_versions(sales_api, sales_user):
    case = CaseFactory(account__owner=sales_user)
    stranger = ContactFactory()
    refused = sales_api.patch(url(case), {"contact": stranger.pk}, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert refused.json()["errors"]["contact"] == ["The contact must belong to the case's account."]
    assert sales_api.patch(url(case), {"subject": "A"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = sales_api.patch(url(case), {"subject": "B"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    case.refresh_from_db()
    assert case.subject == "A"


def test_filters_and_search(sales_api, sales_user, colleague):
    account = AccountFactory(owner=sales_user)
    high = CaseFactory(account=account, priority="high", subject="Checkout broken")
    CaseFactory(account=account, priority="low", subject="Logo request")
    theirs = CaseFactory(owner=colleague, subject="Invoice question")

    def ids(query):
        response = sales_api.get(f"/api/v1/cases/?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("priority=high") == {high.pk}
    assert ids(f"owner={colleague.pk}") == {theirs.pk}
    assert ids(f"account={account.pk}&search=checkout") == {high.pk}
    assert ids(f"number={high.number}") == {high.pk}
    assert ids(f"number={high.pk}") == {high.pk}
    assert ids(f"search={high.number}") == {high.pk}
    assert ids(f"search={theirs.pk}&priority=low") == set()  # the number search keeps filters
    assert ids("number=%C2%B2") == ids("number=" + "9" * 30) == set()  # no 500
    assert ids("status=closed") == set()
    assert sales_api.get("/api/v1/cases/?status=gone").status_code == 400


def test_status_actions_through_the_services(sales_api, sales_user):
    case = CaseFactory(account__owner=sales_user)
    started = sales_api.post(url(case, "start"), HTTP_IF_MATCH='"1"')
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    again = sales_api.post(url(case, "start"), HTTP_IF_MATCH=started["ETag"])
    assert again.status_code == 422
    assert again.json()["detail"] == START_REFUSED.format(case=case.number, status="in progress")
    escalated = sales_api.post(url(case, "escalate"), HTTP_IF_MATCH=started["ETag"])
    assert escalated.json()["status"] == "escalated"
    closed = sales_api.post(
        url(case, "close"), {"resolution": "Restarted the mailer."}, HTTP_IF_MATCH=escalated["ETag"]
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert closed.json()["resolution"] == "Restarted the mailer."
    twice = sales_api.post(url(case, "close"), {"resolution": "x"}, HTTP_IF_MATCH=closed["ETag"])
    assert twice.json()["detail"] == CLOSE_REFUSED.format(case=case.number)
    reopened = sales_api.post(url(case, "reopen"), HTTP_IF_MATCH=closed["ETag"])
    assert reopened.json()["status"] == "in_progress" and reopened.json()["resolution"] == ""


@pytest.mark.parametrize("body", [{}, {"resolution": "   "}])
def test_close_without_a_resolution_is_the_services_refusal(sales_api, sales_user, body):
    case = CaseFactory(account__owner=sales_user)
    response = sales_api.post(url(case, "close"), body, HTTP_IF_MATCH='"1"')
    assert response.status_code == 422
    assert response.json()["detail"] == RESOLUTION_REQUIRED
    case.refresh_from_db()
    assert case.status == "new"


def test_actions_need_a_current_version(sales_api, sales_user):
    case = CaseFactory(account__owner=sales_user)
    assert sales_api.post(url(case, "start")).status_code == 428
    assert sales_api.post(url(case, "escalate"), HTTP_IF_MATCH='"7"').status_code == 412
    assert sales_api.post(url(case, "escalate"), {"version": 7}).status_code == 409
    case.refresh_from_db()
    assert case.status == "new"


def test_sales_user_cannot_give_a_case_away_but_an_admin_can(
    sales_api, admin_api, sales_user, colleague
):
    case = CaseFactory(account__owner=sales_user)
    refused = sales_api.patch(url(case), {"owner": colleague.pk}, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Only admins can change a record's owner."
    given = admin_api.patch(url(case), {"owner": colleague.pk}, HTTP_IF_MATCH='"1"')
    assert given.status_code == 200 and given.json()["owner"] == colleague.pk


# Token look-ups (2), user and group permissions (1), the page (1): the same for 8 rows or 80.
LIST_QUERIES = 4
DETAIL_QUERIES = 6  # the case, plus its solutions and its articles (one prefetch each)


def test_list_and_detail_query_counts_are_pinned(sales_api, sales_user, django_assert_num_queries):
    CaseFactory.create_batch(8, account__owner=sales_user)
    with django_assert_num_queries(LIST_QUERIES):
        response = sales_api.get("/api/v1/cases/")
    assert len(response.json()["results"]) == 8
    case = CaseFactory(account__owner=sales_user)
    case.solutions.add(*SolutionFactory.create_batch(3))
    case.articles.add(*KnowledgeArticleFactory.create_batch(2))
    with django_assert_num_queries(DETAIL_QUERIES):
        detail = sales_api.get(url(case))
    assert [s["title"] for s in detail.json()["solutions"]] == sorted(
        case.solutions.values_list("title", flat=True)
    )
    assert len(detail.json()["articles"]) == 2


@pytest.mark.parametrize("prefix", ["cases", "solutions", "knowledge-articles", "activities"])
def test_service_resources_need_credentials(anon_api, prefix):
    response = anon_api.get(f"/api/v1/{prefix}/")
    assert response.status_code == 401 and response.json()["status"] == 401
    assert anon_api.post(f"/api/v1/{prefix}/", {}, format="json").status_code == 401
