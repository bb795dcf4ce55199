"""Calendar page, its JSON feed (range boundaries, all-day, DST, chosen users) and the
drag-to-reschedule endpoint (version-checked)."""

import datetime
import json
import zoneinfo

import pytest
from django.utils import timezone

from crm.models import Activity, User
from crm.tests.factories import EventFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
FEED = "/portal/calendar/feed/"
MOVE = "/portal/calendar/reschedule/"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def feed(client, start, end, **params):
    response = client.get(FEED, {"start": start, "end": end, **params})
    assert response.status_code == 200, response.content
    return response.json()


def ids(items):
    return sorted(item["id"] for item in items)


def test_page_renders_in_the_shell_without_inline_scripts(sales_client, sales_user):
    html = sales_client.get("/portal/calendar/").content.decode()
    assert 'data-feed-url="/portal/calendar/feed/"' in html
    assert "fullcalendar/index.global.min.js" in html and "portal/js/calendar.js" in html
    assert f'value="{sales_user.pk}" checked' in html
    assert "<script>" not in html
    assert 'data-initial-date=""' in html
    dated = sales_client.get("/portal/calendar/?date=2026-12-09").content.decode()
    assert 'data-initial-date="2026-12-09"' in dated and 'data-initial-view="dayGridMonth"' in dated
    week = sales_client.get("/portal/calendar/?view=timeGridWeek").content.decode()
    assert 'data-initial-view="timeGridWeek"' in week
    assert 'data-initial-date=""' in sales_client.get("/portal/calendar/?date=x").content.decode()


def test_range_boundaries_and_an_event_crossing_midnight(sales_client, sales_user):
    day = datetime.date(2026, 12, 7)
    inside = EventFactory(
        owner=sales_user, start_time=aware(2026, 12, 7, 9), end_time=aware(2026, 12, 7, 10)
    )
    crossing = EventFactory(
        owner=sales_user, start_time=aware(2026, 12, 6, 22), end_time=aware(2026, 12, 7, 1)
    )
    ends_at_start = EventFactory(
        owner=sales_user, start_time=aware(2026, 12, 6, 22), end_time=aware(2026, 12, 7, 0)
    )
    starts_at_end = EventFactory(
        owner=sales_user, start_time=aware(2026, 12, 8, 0), end_time=aware(2026, 12, 8, 1)
    )
    due = TaskFactory(owner=sales_user, due_date=day)
    TaskFactory(owner=sales_user, due_date=day + datetime.timedelta(days=1))
    items = feed(sales_client, "2026-12-07T00:00:00", "2026-12-08T00:00:00")
    assert ids(items) == sorted([inside.pk, crossing.pk, due.pk])
    assert ends_at_start.pk not in ids(items) and starts_at_end.pk not in ids(items)
    task = next(item for item in items if item["id"] == due.pk)
    assert (task["start"], task["allDay"], task["editable"]) == ("2026-12-07", True, False)
    assert "cal-task" in task["classNames"]


def test_all_day_event_spans_its_days_with_an_exclusive_end(sales_client, sales_user):
    event = EventFactory(
        owner=sales_user,
        is_all_day_event=True,
        start_time=aware(2026, 12, 7, 0),
        end_time=aware(2026, 12, 8, 0),
    )
    [item] = feed(sales_client, "2026-12-01", "2026-12-31")
    assert (item["id"], item["start"], item["end"], item["allDay"]) == (
        event.pk,
        "2026-12-07",
        "2026-12-09",
        True,
    )


def test_times_keep_their_local_hour_across_a_dst_change(sales_client, sales_user):
    User.objects.filter(pk=sales_user.pk).update(time_zone="Europe/Berlin")  # the user's zone
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    with timezone.override(berlin):
        before = EventFactory(
            owner=sales_user,
            start_time=datetime.datetime(2026, 10, 24, 9, tzinfo=berlin),
            end_time=datetime.datetime(2026, 10, 24, 10, tzinfo=berlin),
        )
        after = EventFactory(
            owner=sales_user,
            start_time=datetime.datetime(2026, 10, 26, 9, tzinfo=berlin),
            end_time=datetime.datetime(2026, 10, 26, 10, tzinfo=berlin),
        )
    items = {
        i["id"]: i
        for i in feed(sales_client, "2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00")
    }
    assert items[before.pk]["start"] == "2026-10-24T09:00:00+02:00"
    assert after.pk not in items  # the week ends at Monday's midnight
    items = {i["id"]: i for i in feed(sales_client, "2026-10-19", "2026-10-27")}
    assert items[after.pk]["start"] == "2026-10-26T09:00:00+01:00"


def test_other_users_events_only_when_picked(sales_client, sales_user):
    colleague = UserFactory()
    mine = EventFactory(owner=sales_user)
    theirs = EventFactory(owner=colleague)
    start = timezone.localdate().isoformat()
    end = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    assert ids(feed(sales_client, start, end)) == [mine.pk]
    both = feed(sales_client, start, end, users=f"{sales_user.pk},{colleague.pk}")
    assert ids(both) == sorted([mine.pk, theirs.pk])
    colours = {item["id"]: item["backgroundColor"] for item in both}
    assert colours[mine.pk] != colours[theirs.pk]
    assert next(i for i in both if i["id"] == theirs.pk)["editable"] is True


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"start": "soon", "end": "2026-12-01"},
        {"start": "2026-12-02", "end": "2026-12-01"},
        {"start": "2026-01-01", "end": "2026-12-01"},
        {"start": "2026-12-01", "end": "2026-12-02", "users": "1,x"},
    ],
)
def test_bad_feed_requests_answer_400_with_a_message(sales_client, params):
    response = sales_client.get(FEED, params)
    assert response.status_code == 400 and response.json()["error"]


def test_anonymous_is_refused(client):
    response = client.get(FEED, {"start": "2026-12-01", "end": "2026-12-02"})
    assert response.status_code == 401
    assert client.get("/portal/calendar/").status_code == 302
    assert client.post(MOVE, "{}", content_type="application/json").status_code == 401


def _move(client, event, version, start, end, all_day=False):
    body = {"id": event.pk, "version": version, "start": start, "end": end, "allDay": all_day}
    return client.post(MOVE, json.dumps(body), content_type="application/json")


def test_reschedule_moves_the_event(sales_client, sales_user):
    event = EventFactory(
        owner=sales_user, start_time=aware(2026, 12, 7, 9), end_time=aware(2026, 12, 7, 10)
    )
    response = _move(sales_client, event, 1, "2026-12-08T09:00:00", "2026-12-08T11:00:00")
    assert response.status_code == 200 and response.json()["version"] == 2
    event.refresh_from_db()
    assert (event.start_time, event.end_time) == (aware(2026, 12, 8, 9), aware(2026, 12, 8, 11))


def test_reschedule_with_a_stale_version_is_409(sales_client, sales_user):
    event = EventFactory(owner=sales_user)
    response = _move(sales_client, event, 5, "2026-12-08T09:00:00", "2026-12-08T11:00:00")
    assert response.status_code == 409 and "modified by another user" in response.json()["error"]
    assert Activity.objects.get(pk=event.pk).version == 1


def test_reschedule_refusals_answer_400_with_the_reason(sales_client, sales_user):
    task = TaskFactory(owner=sales_user)
    response = _move(sales_client, task, 1, "2026-12-08T09:00:00", "2026-12-08T11:00:00")
    assert response.status_code == 400 and "only events" in response.json()["error"]
    mine = EventFactory(owner=sales_user)
    response = _move(sales_client, mine, 1, "2026-12-08T09:00:00", "2026-12-08T08:00:00")
    assert response.status_code == 400 and "before the start" in response.json()["error"]
    response = _move(sales_client, mine, 1, "2026-12-08", "2026-12-09", all_day=True)
    assert response.status_code == 400 and "all-day" in response.json()["error"]
    response = sales_client.post(MOVE, json.dumps({"id": mine.pk}), content_type="application/json")
    assert response.status_code == 400


def test_reschedule_an_all_day_event_to_other_days(sales_client, sales_user):
    event = EventFactory(
        owner=sales_user,
        is_all_day_event=True,
        start_time=aware(2026, 12, 7, 0),
        end_time=aware(2026, 12, 7, 0),
    )
    assert (
        _move(sales_client, event, 1, "2026-12-09", "2026-12-11", all_day=True).status_code == 200
    )
    event.refresh_from_db()
    assert (event.start_time, event.end_time) == (aware(2026, 12, 9, 0), aware(2026, 12, 10, 0))


def test_slot_click_prefills_the_new_event_form(sales_client):
    response = sales_client.get(
        "/crm/activity/add/",
        {
            "type": "event",
            "start_time": "2026-12-07T10:00:00+01:00",
            "end_time": "2026-12-07T10:30:00+01:00",
        },
    )
    initial = response.context["adminform"].form.initial
    assert initial["start_time"] == datetime.datetime.fromisoformat("2026-12-07T10:00:00+01:00")
    all_day = (
        sales_client.get(
            "/crm/activity/add/",
            {
                "type": "event",
                "start_time": "2026-12-07",
                "end_time": "2026-12-09",
                "is_all_day_event": "1",
            },
        )
        .context["adminform"]
        .form.initial
    )
    assert timezone.localtime(all_day["end_time"]).date() == datetime.date(2026, 12, 8)
    assert all_day["is_all_day_event"] is True
