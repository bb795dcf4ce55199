"""The two activity actions: ``complete/`` (crm.services.activities.complete_task) and
``reschedule/`` (reschedule_event), each with the service's refusals and version checks."""

import pytest

from crm.models.activities import END_BEFORE_START
from crm.services.activities import ALREADY_COMPLETED, NOT_A_TASK, NOT_AN_EVENT
from crm.tests.factories import EventFactory, TaskFactory

pytestmark = pytest.mark.django_db
START, END = "2030-05-01T09:00:00Z", "2030-05-01T10:30:00Z"


def url(activity, action):
    return f"/api/v1/activities/{activity.pk}/{action}/"


def test_complete_a_task_then_again(sales_api, sales_user):
    task = TaskFactory(owner=sales_user, subject="Send proposal")
    done = sales_api.post(url(task, "complete"), HTTP_IF_MATCH='"1"')
    assert done.status_code == 200
    assert done.json()["status"] == "completed" and done.json()["completed_at"]
    again = sales_api.post(url(task, "complete"), HTTP_IF_MATCH=done["ETag"])
    assert again.status_code == 422
    assert again.json()["detail"] == ALREADY_COMPLETED.format(activity="Send proposal")


def test_complete_an_event_is_refused(sales_api, sales_user):
    event = EventFactory(owner=sales_user, subject="Kick-off")
    response = sales_api.post(url(event, "complete"), {"version": 1})
    assert response.status_code == 422
    assert response.json()["detail"] == NOT_A_TASK.format(activity="Kick-off")


def test_complete_with_a_stale_version(sales_api, sales_user):
    task = TaskFactory(owner=sales_user)
    assert sales_api.post(url(task, "complete"), HTTP_IF_MATCH='"4"').status_code == 412
    assert sales_api.post(url(task, "complete")).status_code == 428
    task.refresh_from_db()
    assert task.status == "not_started"


def test_reschedule_an_event(sales_api, sales_user):
    event = EventFactory(owner=sales_user)
    moved = sales_api.post(
        url(event, "reschedule"), {"start": START, "end": END}, HTTP_IF_MATCH='"1"'
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["start_time"].startswith("2030-05-01")
    assert moved.json()["activity_date"] == moved.json()["start_time"]
    event.refresh_from_db()
    assert (event.end_time - event.start_time).total_seconds() == 5400


def test_reschedule_refusals(sales_api, sales_user):
    event = EventFactory(owner=sales_user)
    backwards = sales_api.post(
        url(event, "reschedule"), {"start": END, "end": START}, HTTP_IF_MATCH='"1"'
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"]["end_time"] == [END_BEFORE_START]
    missing = sales_api.post(url(event, "reschedule"), {"start": START}, HTTP_IF_MATCH='"1"')
    assert missing.status_code == 400 and "end" in missing.json()["errors"]
    task = TaskFactory(owner=sales_user, subject="Write notes")
    not_event = sales_api.post(
        url(task, "reschedule"), {"start": START, "end": END}, HTTP_IF_MATCH='"1"'
    )
    assert not_event.status_code == 422
    assert not_event.json()["detail"] == NOT_AN_EVENT.format(activity="Write notes")
    stale = sales_api.post(url(event, "reschedule"), {"start": START, "end": END, "version": 9})
    assert stale.status_code == 409
    event.refresh_from_db()
    assert event.version == 1
