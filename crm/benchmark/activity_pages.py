"""The benchmark's activity pages (PAGE_GROUPS in crm.benchmark.pages): the calendar and its
feed, a drag-to-reschedule write, the Activity tab's older page, My tasks, the composer and
Home. Pages are returned as the keyword arguments of crm.benchmark.pages.Page (which imports
this module, not the reverse)."""

import datetime
import json
from collections.abc import Callable

from django.test import Client
from django.utils import timezone

from crm.benchmark.requests import get
from crm.models import Account, Activity, User

CALENDAR_FEED = "/portal/calendar/feed/"
CALENDAR_RESCHEDULE = "/portal/calendar/reschedule/"


def _page(label: str, call) -> dict:
    return {"label": label, "call": call}


def activity_pages(user: User, account: Account) -> list[dict]:
    """The calendar feed for a month of the benchmark admin's calendar (a 6-week grid),
    the showcase account's Activity tab (its older page), My tasks and Home."""
    first = timezone.localdate().replace(day=1)
    start = first - datetime.timedelta(days=first.weekday())
    end = start + datetime.timedelta(days=42)
    record = f"/crm/account/{account.pk}/change/"
    return [
        _page("calendar page", get("/portal/calendar/")),
        _page("calendar feed, a month of mine", get(f"{CALENDAR_FEED}?start={start}&end={end}")),
        _page("account Activity tab, older page", get(f"{record}?tab=activity&past=50")),
        _page("my tasks (all open)", get("/crm/activity/?tasks=open")),
        _page("all activities", get("/crm/activity/")),
        _page("home (team)", get("/?scope=team")),
        _page("home (mine)", get("/?scope=mine")),
        _page("calendar reschedule (write)", _reschedule(user)),
        _page("activity composer, New Event", get("/crm/activity/compose/?type=event")),
        _page("composer Related To search 'Nova'", get("/crm/activity/links/?q=Nova")),
        _page("my tasks page (today)", get("/portal/tasks/")),
        _page("my tasks page (all open)", get("/portal/tasks/?tab=open")),
    ]


def _reschedule(user: User) -> Callable[[Client, dict], object]:
    """Drag one of the admin's events an hour later and back, with the version it read."""
    event = Activity.objects.events().filter(assigned_to=user).order_by("pk").first()
    state = {"version": event.version if event else 0, "turn": 0}

    def move(client: Client, prepared: dict):
        shift = datetime.timedelta(hours=1 if state["turn"] % 2 == 0 else 0)
        start = timezone.localtime(event.start_time) + shift
        end = timezone.localtime(event.end_time) + shift
        body = {
            "id": event.pk,
            "version": state["version"],
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        response = client.post(
            CALENDAR_RESCHEDULE, json.dumps(body), content_type="application/json", secure=True
        )
        if response.status_code == 200:
            state["version"] = response.json()["version"]
            state["turn"] += 1
        return response

    return move
