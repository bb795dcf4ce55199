"""The activity composer (issue 25): New Task / New Event / Log a Call from one small form,
saved through the activities service; the Related To / Name pickers; edits with a version."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.admin.activities.composer_form import next_full_hour
from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Activity
from crm.models.activities import ActivityType, TaskStatus, TaskSubtype
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    EventFactory,
    LeadFactory,
    OpportunityFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
SCRIPTED = {"HTTP_X_CRM_COMPOSER": "1"}
COMPOSE = "admin:crm_activity_compose"


def _post(client, data, url=None, **headers):
    url = url or reverse(COMPOSE)
    return client.post(url, {"description": "", **data}, **{**SCRIPTED, **headers})


def test_log_a_call_is_a_completed_call_task_dated_today(sales_client, sales_user):
    account = AccountFactory(name="Acme")
    response = _post(
        sales_client,
        {
            "kind": "call",
            "subject": "Called about renewal",
            "assigned_to": sales_user.pk,
            "related_to": f"related_account:{account.pk}",
            "due_date": "",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["message"] == "Call 'Called about renewal' was logged."
    call = Activity.objects.get(pk=body["id"])
    assert call.type == ActivityType.TASK and call.task_subtype == TaskSubtype.CALL
    assert call.status == TaskStatus.COMPLETED and call.completed_at is not None
    assert call.due_date == timezone.localdate() and call.related_account == account
    assert call.owner == sales_user and call.is_call and call.kind_label == "Call"


def test_new_event_with_only_a_subject_starts_at_the_next_full_hour_for_an_hour(
    sales_client, sales_user
):
    response = _post(
        sales_client,
        {"kind": "event", "subject": "Kick-off", "assigned_to": sales_user.pk},
    )
    assert response.json()["ok"], response.content
    event = Activity.objects.get(subject="Kick-off")
    assert event.type == ActivityType.EVENT
    assert event.start_time == next_full_hour()
    assert event.end_time - event.start_time == datetime.timedelta(hours=1)


def test_new_task_with_a_person_and_a_case(sales_client, sales_user):
    case = CaseFactory()
    lead = LeadFactory()
    response = _post(
        sales_client,
        {
            "kind": "task",
            "subject": "Send the quote",
            "assigned_to": sales_user.pk,
            "due_date": "2030-01-15",
            "related_to": f"related_case:{case.pk}",
            "who": f"lead:{lead.pk}",
        },
    )
    assert response.json()["ok"]
    task = Activity.objects.get(subject="Send the quote")
    assert (task.related_case, task.lead, task.due_date) == (case, lead, datetime.date(2030, 1, 15))
    assert task.task_subtype == "" and task.status == TaskStatus.NOT_STARTED


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"subject": ""}, "subject", "This field is required."),
        ({"related_to": "related_account:999999"}, "related_to", "Choose a record"),
        ({"related_to": "contact:1"}, "related_to", "Choose a record"),
        ({"who": "related_account:1"}, "who", "Choose a record"),
        ({"kind": "meeting"}, "kind", "Type: Select a valid choice."),
        (
            {"kind": "event", "start_time": "2030-01-02T10:00", "end_time": "2030-01-02T09:00"},
            "end_time",
            "The end cannot be before the start.",
        ),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(
    sales_client, sales_user, data, field, message
):
    payload = {"kind": "task", "subject": "Call back", "assigned_to": sales_user.pk, **data}
    response = _post(sales_client, payload)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and message in body["html"]
    assert 'class="crm-field-error"' in body["html"]
    assert not Activity.objects.exists()


def test_a_deactivated_account_cannot_be_picked(sales_client, sales_user):
    account = AccountFactory(is_active=False)
    response = _post(
        sales_client,
        {
            "kind": "task",
            "subject": "x",
            "assigned_to": sales_user.pk,
            "related_to": f"related_account:{account.pk}",
        },
    )
    assert response.status_code == 400 and not Activity.objects.exists()


def test_the_form_prefills_the_record_me_and_the_defaults(sales_client, sales_user):
    contact = ContactFactory(first_name="Ann", last_name="Lee")
    url = reverse(COMPOSE) + f"?type=event&contact={contact.pk}"
    body = sales_client.get(url, **SCRIPTED).json()
    html = body["html"]
    assert 'data-title="New Event"' in html
    assert f'value="contact:{contact.pk}"' in html and 'value="Ann Lee"' in html
    assert f'<option value="{sales_user.pk}" selected>' in html
    start = timezone.localtime(next_full_hour())
    assert f'value="{start:%Y-%m-%dT%H:%M}"' in html
    assert f'value="{start + datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}"' in html


def test_a_calendar_slot_prefills_the_event_times(sales_client):
    url = (
        reverse(COMPOSE)
        + "?type=event&start_time=2030-03-04T14:30:00%2B00:00&end_time=2030-03-04T15:00:00%2B00:00"
    )
    html = sales_client.get(url, **SCRIPTED).json()["html"]
    start = timezone.localtime(datetime.datetime(2030, 3, 4, 14, 30, tzinfo=datetime.UTC))
    assert f'value="{start:%Y-%m-%dT%H:%M}"' in html


def test_without_javascript_the_composer_is_a_page_that_redirects_to_the_record(
    sales_client, sales_user
):
    page = sales_client.get(reverse(COMPOSE) + "?type=call")
    assert page.status_code == 200
    assert b"Log a Call |" in page.content and b"Add activity" not in page.content
    assert b"data-crm-picker" in page.content
    response = sales_client.post(
        reverse(COMPOSE), {"kind": "call", "subject": "Quick call", "assigned_to": sales_user.pk}
    )
    call = Activity.objects.get(subject="Quick call")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:crm_activity_change", args=[call.pk])


def test_editing_an_event_needs_the_version_and_refuses_a_stale_one(sales_client, sales_user):
    event = EventFactory(subject="Demo", assigned_to=sales_user)
    url = reverse("admin:crm_activity_recompose", args=[event.pk])
    form = sales_client.get(url, **SCRIPTED).json()["html"]
    assert 'data-title="Edit Event"' in form and f'value="{event.version}"' in form
    data = {
        "kind": "event",
        "subject": "Demo (moved)",
        "assigned_to": sales_user.pk,
        "start_time": "2030-05-06T10:00",
        "end_time": "2030-05-06T11:30",
    }
    missing = _post(sales_client, data, url)
    assert missing.status_code == 400
    stale = _post(sales_client, {**data, "version": event.version - 1}, url)
    assert stale.status_code == 409 and stale.json()["stale"] is True
    assert STALE_RECORD_MESSAGE in stale.json()["html"]
    event.refresh_from_db()
    assert event.subject == "Demo"
    saved = _post(sales_client, {**data, "version": event.version}, url)
    assert saved.json()["ok"] and saved.json()["version"] == event.version + 1
    event.refresh_from_db()
    assert event.subject == "Demo (moved)"
    assert timezone.localtime(event.end_time).strftime("%H:%M") == "11:30"


def test_an_edit_keeps_the_activity_type(sales_client, sales_user):
    task = TaskFactory(subject="Old", assigned_to=sales_user)
    url = reverse("admin:crm_activity_recompose", args=[task.pk])
    data = {
        "kind": "event",
        "subject": "New",
        "assigned_to": sales_user.pk,
        "version": task.version,
    }
    assert _post(sales_client, data, url).json()["ok"]
    task.refresh_from_db()
    assert task.type == ActivityType.TASK and task.subject == "New"


def _links(client, term, **extra):
    url = reverse("admin:crm_activity_links")
    return client.get(url, {"q": term, **extra}, **SCRIPTED).json()["results"]


def test_related_to_searches_every_kind_in_one_box_and_name_people(sales_client):
    account = AccountFactory(name="Zephyr Ltd")
    opportunity = OpportunityFactory(name="Zephyr renewal", account=account)
    case = CaseFactory(subject="Zephyr printer jam", account=account)
    AccountFactory(name="Zephyr Old", is_active=False)
    contact = ContactFactory(last_name="Zephyrson", account=account)
    values = [row["value"] for row in _links(sales_client, "zephyr")]
    assert f"related_account:{account.pk}" in values
    assert f"related_opportunity:{opportunity.pk}" in values
    assert f"related_case:{case.pk}" in values
    assert len([v for v in values if v.startswith("related_account")]) == 1  # not the deactivated
    assert not any(v.startswith("contact") for v in values)
    people = [row["value"] for row in _links(sales_client, "zephyr", who="1")]
    assert people == [f"contact:{contact.pk}"]


def test_related_to_leaves_out_kinds_the_user_may_not_view(client, sales_user):
    from django.contrib.auth.models import Permission

    from crm.tests.factories import UserFactory

    AccountFactory(name="Quasar")
    CaseFactory(subject="Quasar outage")
    limited = UserFactory(email="limited@agency.example")
    limited.groups.clear()
    limited.user_permissions.set(
        Permission.objects.filter(codename__in=["add_activity", "view_activity", "view_case"])
    )
    client.force_login(limited)
    kinds = {row["kind"] for row in _links(client, "quasar")}
    assert kinds == {"Case"}


def test_the_search_makes_one_query_per_kind_whatever_the_matches(sales_client):
    for n in range(6):
        account = AccountFactory(name=f"Orbit {n}")
        OpportunityFactory(name=f"Orbit deal {n}", account=account)
    sales_client.get(reverse("admin:crm_activity_links"), {"q": "orbit"})  # warm the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            _links(sales_client, "orbit")
        return len(queries)

    # Session, user, permissions (one query), then one query per kind searched by words
    # (account, opportunity, campaign, case, quote; orders and contracts by number only).
    assert count() == 8
    AccountFactory.create_batch(3, name="Orbit more")
    assert count() == 8


def test_the_picker_answers_json(sales_client):
    AccountFactory(name="Nimbus")
    response = sales_client.get(reverse("admin:crm_activity_links"), {"q": "nim"})
    row = json.loads(response.content)["results"][0]
    assert row["kind"] == "Account" and row["title"] == "Nimbus"
