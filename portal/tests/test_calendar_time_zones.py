"""The calendar, the activity list and the record page in each user's own zone across the
March 2027 DST changes (America/New_York on the 14th, Europe/Berlin on the 28th): the same
event shows at each user's local hour, and a drag stores the instant the user meant."""

import datetime
import json
from unittest import mock

import pytest
from django.utils import timezone

from crm.selectors.activities import my_tasks
from crm.tests.factories import EventFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
FEED = "/portal/calendar/feed/"
MOVE = "/portal/calendar/reschedule/"
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def berliner():
    return UserFactory(first_name="Bea", last_name="Berlin", time_zone="Europe/Berlin")


@pytest.fixture
def new_yorker():
    return UserFactory(first_name="Ned", last_name="York", time_zone="America/New_York")


def signed_in(client, user):
    client.force_login(user)
    return client


def feed(client, start, end, **params) -> dict:
    response = client.get(FEED, {"start": start, "end": end, **params})
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()}


def test_one_event_at_each_users_local_time_on_both_sides_of_the_changes(
    client, berliner, new_yorker
):
    # 08:00 UTC on Friday 26 March: Berlin still on CET (+01), New York already on EDT (-04).
    before = EventFactory(
        owner=berliner, start_time=utc(2027, 3, 26, 8), end_time=utc(2027, 3, 26, 9)
    )
    # 08:00 UTC on Monday 29 March: Berlin now on CEST (+02).
    after = EventFactory(
        owner=berliner, start_time=utc(2027, 3, 29, 8), end_time=utc(2027, 3, 29, 9)
    )
    # 14:00 UTC on Friday 12 March: New York still on EST (-05).
    early = EventFactory(
        owner=berliner, start_time=utc(2027, 3, 12, 14), end_time=utc(2027, 3, 12, 15)
    )
    users = f"{berliner.pk}"
    mine = feed(signed_in(client, berliner), "2027-03-08", "2027-04-05", users=users)
    assert mine[before.pk]["start"] == "2027-03-26T09:00:00+01:00"
    assert mine[after.pk]["start"] == "2027-03-29T10:00:00+02:00"
    assert mine[early.pk]["start"] == "2027-03-12T15:00:00+01:00"
    theirs = feed(signed_in(client, new_yorker), "2027-03-08", "2027-04-05", users=users)
    assert theirs[before.pk]["start"] == "2027-03-26T04:00:00-04:00"
    assert theirs[after.pk]["start"] == "2027-03-29T04:00:00-04:00"
    assert theirs[early.pk]["start"] == "2027-03-12T09:00:00-05:00"


def test_the_visible_range_is_the_users_own_days(client, berliner, new_yorker):
    # 23:30 UTC on 29 March is the 30th in Berlin and still the 29th in New York.
    late = EventFactory(
        owner=berliner, start_time=utc(2027, 3, 29, 23, 30), end_time=utc(2027, 3, 30, 0)
    )
    # FullCalendar sends the range in the user's zone; a naive one is read in it too.
    day = {"start": "2027-03-29T00:00:00", "end": "2027-03-30T00:00:00", "users": berliner.pk}
    assert late.pk not in feed(signed_in(client, berliner), **day)
    assert late.pk in feed(signed_in(client, new_yorker), **day)


def move(client, activity, start, end):
    body = {"id": activity.pk, "version": activity.version, "start": start, "end": end}
    return client.post(MOVE, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("user", "start", "end", "stored"),
    [
        # Berlin: Friday 09:00 (+01) dragged to Monday 09:00, now +02 → 07:00 UTC.
        ("berliner", "2027-03-29T09:00:00+02:00", "2027-03-29T10:00:00+02:00", utc(2027, 3, 29, 7)),
        ("berliner", "2027-03-29T09:00:00", "2027-03-29T10:00:00", utc(2027, 3, 29, 7)),
        # New York: Friday 12 March 09:00 (-05) dragged to Monday 15 March 09:00 (-04) → 13:00.
        (
            "new_yorker",
            "2027-03-15T09:00:00-04:00",
            "2027-03-15T10:00:00-04:00",
            utc(2027, 3, 15, 13),
        ),
        ("new_yorker", "2027-03-15T09:00:00", "2027-03-15T10:00:00", utc(2027, 3, 15, 13)),
    ],
)
def test_a_drag_across_the_change_stores_the_instant_the_user_meant(
    client, request, user, start, end, stored
):
    person = request.getfixturevalue(user)
    event = EventFactory(owner=person, start_time=utc(2027, 3, 12, 8), end_time=utc(2027, 3, 12, 9))
    response = move(signed_in(client, person), event, start, end)
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.start_time, event.end_time) == (stored, stored + datetime.timedelta(hours=1))
    assert "09:00" in response.json()["message"]  # told in their own time


def test_an_all_day_drag_lands_on_the_users_own_midnight(client, new_yorker):
    event = EventFactory(
        owner=new_yorker,
        is_all_day_event=True,
        start_time=utc(2027, 3, 12, 5),
        end_time=utc(2027, 3, 12, 5),
    )
    body = {
        "id": event.pk,
        "version": event.version,
        "start": "2027-03-15",
        "end": "2027-03-16",
        "allDay": True,
    }
    response = signed_in(client, new_yorker).post(
        MOVE, json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.start_time == utc(2027, 3, 15, 4)  # midnight EDT


def test_the_activity_list_and_record_show_the_event_in_each_users_zone(
    client, berliner, new_yorker
):
    event = EventFactory(
        owner=berliner,
        subject="Kick-off call",
        start_time=utc(2027, 3, 29, 8),
        end_time=utc(2027, 3, 29, 9),
    )
    berlin_list = signed_in(client, berliner).get(
        "/crm/activity/", {"q": "Kick-off", "view": "all"}
    )
    assert "March 29, 2027, 10 a.m." in berlin_list.content.decode()
    berlin_record = client.get(f"/crm/activity/{event.pk}/change/").content.decode()
    assert "March 29, 2027, 10 a.m." in berlin_record
    ny_list = signed_in(client, new_yorker).get("/crm/activity/", {"q": "Kick-off", "view": "all"})
    assert "March 29, 2027, 4 a.m." in ny_list.content.decode()
    ny_record = client.get(f"/crm/activity/{event.pk}/change/").content.decode()
    # (Not merely "10 a.m.": the record's created/modified stamps may read "…, 4:10 a.m.")
    assert "March 29, 2027, 4 a.m." in ny_record and "March 29, 2027, 10 a.m." not in ny_record


def test_today_is_the_users_own_date_across_midnight(client, berliner, new_yorker):
    # 23:30 UTC on 10 March: already the 11th in Berlin, still the 10th in New York.
    moment = utc(2027, 3, 10, 23, 30)
    for person in (berliner, new_yorker):
        for day in (10, 11):
            TaskFactory(
                owner=person,
                subject=f"Due {day} for {person.first_name}",
                due_date=datetime.date(2027, 3, day),
            )
    with mock.patch("django.utils.timezone.now", return_value=moment):
        with timezone.override("Europe/Berlin"):
            berlin_today = [t.subject for t in my_tasks(user=berliner, view="today")]
            berlin_overdue = [t.subject for t in my_tasks(user=berliner, view="overdue")]
        with timezone.override("America/New_York"):
            ny_today = [t.subject for t in my_tasks(user=new_yorker, view="today")]
            ny_overdue = [t.subject for t in my_tasks(user=new_yorker, view="overdue")]
    assert berlin_today == ["Due 11 for Bea"] and berlin_overdue == ["Due 10 for Bea"]
    assert ny_today == ["Due 10 for Ned"] and ny_overdue == []
