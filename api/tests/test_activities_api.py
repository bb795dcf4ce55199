"""Activities on the wire: create and PATCH through crm.services.activities (its field checks
and messages), the what/who links, filters and pinned query counts."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Permission

from api.tests.conftest import token_client
from crm.models import Activity
from crm.models.activities import EVENT_NEEDS_TIMES, TWO_WHATS
from crm.services.activities import ASSIGNEE_INACTIVE, UNKNOWN_FIELD
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    EventFactory,
    OpportunityFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ACTIVITIES = "/api/v1/activities/"


def url(activity):
    return f"{ACTIVITIES}{activity.pk}/"


def test_create_a_task_about_a_case_with_a_contact(sales_api, sales_user, colleague):
    case = CaseFactory(account__owner=sales_user)
    data = {
        "type": "task",
        "subject": "Call back",
        "due_date": "2030-01-15",
        "related_case": case.pk,
        "contact": case.contact_id,
        "assigned_to": colleague.pk,
    }
    response = sales_api.post(ACTIVITIES, data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner"] == sales_user.pk and body["assigned_to"] == colleague.pk
    assert body["related_case"] == case.pk and body["contact"] == case.contact_id
    assert body["status"] == "not_started" and body["activity_date"].startswith("2030-01-15")
    assert Activity.objects.get(pk=body["id"]).history.first().history_user == sales_user


def test_create_refusals_are_the_rules_messages(sales_api, sales_user):
    event = sales_api.post(ACTIVITIES, {"type": "event", "subject": "Demo"}, format="json")
    assert event.status_code == 422
    assert event.json()["errors"]["start_time"] == [EVENT_NEEDS_TIMES]
    account = AccountFactory(owner=sales_user)
    two = {"type": "task", "subject": "X", "related_account": account.pk}
    two["related_case"] = CaseFactory(account=account).pk
    refused = sales_api.post(ACTIVITIES, two, format="json")
    assert refused.status_code == 422 and refused.json()["detail"].startswith(TWO_WHATS)
    gone = UserFactory(is_active=False)
    inactive = sales_api.post(
        ACTIVITIES, {"type": "task", "subject": "Y", "assigned_to": gone.pk}, format="json"
    )
    assert inactive.status_code == 422
    assert inactive.json()["detail"] == ASSIGNEE_INACTIVE.format(user=gone)
    assert not Activity.objects.exists()


def test_patch_replaces_the_what_and_refuses_the_type(sales_api, sales_user):
    task = TaskFactory(owner=sales_user, related_case=CaseFactory(account__owner=sales_user))
    opportunity = OpportunityFactory(owner=sales_user)
    moved = sales_api.patch(url(task), {"related_opportunity": opportunity.pk}, HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200, moved.json()
    assert moved.json()["related_opportunity"] == opportunity.pk
    assert moved.json()["related_case"] is None
    retyped = sales_api.patch(url(task), {"type": "event"}, HTTP_IF_MATCH='"2"')
    assert retyped.status_code == 422
    assert retyped.json()["detail"] == UNKNOWN_FIELD.format(name="type")


def test_stale_if_match_is_412(sales_api, sales_user):
    task = TaskFactory(owner=sales_user)
    assert sales_api.patch(url(task), {"subject": "A"}, HTTP_IF_MATCH='"1"').status_code == 200
    assert sales_api.patch(url(task), {"subject": "B"}, HTTP_IF_MATCH='"1"').status_code == 412
    assert sales_api.patch(url(task), {"subject": "B"}).status_code == 428
    task.refresh_from_db()
    assert task.subject == "A"


def test_teams_share_calendars_but_a_view_only_user_is_403(sales_api, colleague):
    """SPEC §5: both roles change any activity (crm.services.activities.can_change); a user
    without the change permission is stopped by the API before the service."""
    theirs = TaskFactory(owner=colleague)
    shared = sales_api.patch(url(theirs), {"priority": "high"}, HTTP_IF_MATCH='"1"')
    assert shared.status_code == 200 and shared.json()["priority"] == "high"
    viewer = UserFactory()
    viewer.groups.clear()
    viewer.user_permissions.add(Permission.objects.get(codename="view_activity"))
    viewer_api = token_client(viewer)
    assert viewer_api.get(url(theirs)).status_code == 200
    refused = viewer_api.patch(url(theirs), {"priority": "low"}, HTTP_IF_MATCH='"2"')
    assert refused.status_code == 403
    assert viewer_api.post(f"{url(theirs)}complete/", HTTP_IF_MATCH='"2"').status_code == 403
    theirs.refresh_from_db()
    assert (theirs.priority, theirs.status) == ("high", "not_started")


def test_filters_and_search(sales_api, sales_user, colleague):
    account = AccountFactory(owner=sales_user)
    contact = ContactFactory(account=account)
    call = TaskFactory(owner=sales_user, subject="Call Acme", related_account=account)
    done = TaskFactory(
        owner=colleague, status="completed", due_date=date(2030, 3, 1), contact=contact
    )
    demo = EventFactory(owner=colleague, start_time=datetime(2030, 2, 1, 10, tzinfo=UTC))

    def ids(query):
        response = sales_api.get(f"{ACTIVITIES}?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids("type=event") == {demo.pk}
    assert ids("status=completed") == {done.pk}
    assert ids(f"assigned_to={colleague.pk}") == {done.pk, demo.pk}
    assert ids(f"account={account.pk}") == {call.pk}
    assert ids(f"contact={contact.pk}") == {done.pk}
    assert ids("due_after=2030-02-15&due_before=2030-03-01") == {done.pk}
    assert ids("start_after=2030-01-31T00:00:00Z&start_before=2030-02-02T00:00:00Z") == {demo.pk}
    assert ids("search=acme") == {call.pk}


def test_list_and_detail_query_counts_are_pinned(sales_api, django_assert_num_queries):
    TaskFactory.create_batch(4, related_account=AccountFactory())
    event = EventFactory(contact=ContactFactory())
    EventFactory.create_batch(3)
    with django_assert_num_queries(4):  # see test_service_cases.LIST_QUERIES
        response = sales_api.get(ACTIVITIES)
    assert len(response.json()["results"]) == 8
    with django_assert_num_queries(4):
        assert sales_api.get(url(event)).json()["contact"] == event.contact_id
