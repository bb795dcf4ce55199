"""Calendar (SPEC §8): FullCalendar month / week / day / list views fed by a JSON feed of the
visible range for the chosen users (me by default). Dragging or resizing an event calls
``reschedule_event`` with the version the page loaded; a stale version answers 409 and the
event snaps back. Times are the signed-in user's own zone (activated per request by
crm.middleware.UserTimeZoneMiddleware; FullCalendar gets the same zone), with the right offset
on each side of a DST change."""

import datetime

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from crm.errors import ConcurrencyError
from crm.http import BAD_REQUEST, BadJsonBody, json_error, json_error_response, read_json_object
from crm.models import Activity, User
from crm.models.activities import OUT_OF_RANGE, in_range
from crm.objects import style_of
from crm.selectors.activities import calendar_rows
from crm.services.activities import can_change, reschedule_event
from portal.views.base import portal_json, portal_page, render_portal

# One colour per user on the picker and their events (colour-blind-safe, readable on white).
PALETTE = ("#0176D3", "#CB65FF", "#E4A201", "#04844B", "#BA0517", "#3A49DA", "#06A59A", "#FF5D2D")
# FullCalendar's views, the first the default; ``?view=`` and ``?date=`` survive a reload.
VIEWS = ("dayGridMonth", "timeGridWeek", "timeGridDay", "listWeek")
MAX_RANGE_DAYS = 100
MAX_USERS = 20
BAD_RANGE = "The calendar asked for an unreadable date range. Reload the page."
RANGE_TOO_LONG = f"Show at most {MAX_RANGE_DAYS} days at a time."
BAD_USERS = "Choose up to 20 users to show."
NO_VERSION = "This change has no record version. Reload the calendar and try again."
GONE = "This event no longer exists. Reload the calendar."
ALL_DAY_SWITCH = (
    "An all-day event stays all-day here (and a timed one timed); open it to change that."
)


def parse_moment(raw: str) -> datetime.datetime:
    """An ISO date or date-time from FullCalendar; naive values are in the user's zone."""
    value = datetime.datetime.fromisoformat(raw.strip().replace(" ", "+").replace("Z", "+00:00"))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def as_utc(value: datetime.datetime) -> datetime.datetime:
    """``value`` (in range, so this cannot overflow) in UTC: PostgreSQL refuses a UTC offset of
    16 hours or more, which ISO 8601 allows ("+23:00")."""
    return value.astimezone(datetime.UTC)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _user_ids(request) -> list[int]:
    raw = request.GET.get("users", "")
    if not raw:
        return [request.user.pk]
    parts = [part for part in raw.split(",") if part]
    if len(parts) > MAX_USERS or not all(part.isdigit() for part in parts):
        raise ValueError(BAD_USERS)
    return [int(part) for part in parts]


def _colours() -> dict[int, str]:
    ids = User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    return {pk: PALETTE[index % len(PALETTE)] for index, pk in enumerate(ids)}


def feed_item(activity: Activity, *, editable: bool, colour: str, url: str) -> dict:
    """One FullCalendar item; ``url`` is the record URL pattern with ``{pk}``."""
    item = {
        "id": activity.pk,
        "title": activity.subject,
        "url": url.format(pk=activity.pk),
        "extendedProps": {
            "version": activity.version,
            "type": activity.type,
            "assignee": activity.assigned_to.get_full_name(),
        },
    }
    if activity.is_task:
        task_colour = style_of("task").color
        item.update(
            start=activity.due_date.isoformat(),
            allDay=True,
            editable=False,
            classNames=["cal-task", *(["cal-task--done"] if not activity.is_open_task else [])],
            backgroundColor="#fff",
            borderColor=task_colour,
            textColor="#181818",
        )
        return item
    start, end = timezone.localtime(activity.start_time), timezone.localtime(activity.end_time)
    if activity.is_all_day_event:
        item.update(
            start=start.date().isoformat(),
            end=(end.date() + datetime.timedelta(days=1)).isoformat(),
            allDay=True,
        )
    else:
        item.update(start=start.isoformat(), end=end.isoformat(), allDay=False)
    item.update(
        editable=editable,
        classNames=["cal-event"],
        backgroundColor=colour,
        borderColor=colour,
    )
    return item


def _initial_date(raw: str) -> str:
    """``?date=YYYY-MM-DD`` opens the calendar on that day (links from Home, bookmarks)."""
    try:
        return datetime.date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


@require_GET
@portal_page("crm.view_activity")
def calendar_page(request):
    colours = _colours()
    users = User.objects.filter(is_active=True).order_by("first_name", "last_name")
    context = {
        "people": [
            {"pk": u.pk, "name": u.get_full_name() or u.email, "colour": colours.get(u.pk)}
            for u in users
        ],
        "me": request.user.pk,
        "feed_url": reverse("portal:calendar_feed"),
        "reschedule_url": reverse("portal:calendar_reschedule"),
        "new_event_url": f"{reverse('admin:crm_activity_add')}?type=event",
        "can_add": request.user.has_perm("crm.add_activity"),
        "time_zone": timezone.get_current_timezone_name(),
        "initial_date": _initial_date(request.GET.get("date", "")),
        "initial_view": view if (view := request.GET.get("view", "")) in VIEWS else VIEWS[0],
    }
    return render_portal(request, "portal/calendar.html", context, title="Calendar")


@require_GET
@portal_json("crm.view_activity")
def feed(request):
    try:
        start = parse_moment(request.GET["start"])
        end = parse_moment(request.GET["end"])
    except (KeyError, ValueError):
        return json_error(BAD_RANGE)
    if end <= start or not (in_range(start) and in_range(end)):
        return json_error(BAD_RANGE)
    start, end = as_utc(start), as_utc(end)
    if end - start > datetime.timedelta(days=MAX_RANGE_DAYS):
        return json_error(RANGE_TOO_LONG)
    try:
        user_ids = _user_ids(request)
    except ValueError:
        return json_error(BAD_USERS)
    colours = _colours()
    rows = calendar_rows(user_ids=user_ids, start=start, end=end)
    # Whether events can be dragged and where items link: the same for every row.
    editable = can_change(request.user, None)
    url = reverse("admin:crm_activity_change", args=[0]).replace("/0/", "/{pk}/")
    items = [
        feed_item(
            row,
            editable=editable,
            colour=colours.get(row.assigned_to_id, PALETTE[0]),
            url=url,
        )
        for row in rows
    ]
    return JsonResponse(items, safe=False)


def _reschedule_request(request) -> tuple[int, int, datetime.datetime, datetime.datetime, bool]:
    data = read_json_object(request)
    if data.get("version") in (None, ""):
        raise BadJsonBody(NO_VERSION)
    try:
        all_day = bool(data.get("allDay"))
        start = parse_moment(str(data["start"]))
        end = parse_moment(str(data.get("end") or data["start"]))
        activity_id, version = int(data["id"]), int(data["version"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadJsonBody(BAD_REQUEST) from exc
    # The model's own bound (Activity.clean says the same), checked before the all-day
    # conversion below: a local time of year 1 or 9999 cannot even be computed.
    if not (in_range(start) and in_range(end)):
        raise BadJsonBody(OUT_OF_RANGE)
    return activity_id, version, as_utc(start), as_utc(end), all_day


@require_POST
@portal_json("crm.change_activity")
def reschedule(request):
    try:
        activity_id, version, start, end, all_day = _reschedule_request(request)
    except BadJsonBody as exc:
        return json_error(str(exc))
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        return json_error(GONE, status=404)
    if all_day != activity.is_all_day_event:
        return json_error(ALL_DAY_SWITCH)
    if all_day:
        # FullCalendar's all-day end is exclusive; an all-day event ends on its last day.
        first = timezone.localtime(start).date()
        last = max(first, timezone.localtime(end).date() - datetime.timedelta(days=1))
        start, end = local_midnight(first), local_midnight(last)
    try:
        moved = reschedule_event(activity, start=start, end=end, user=request.user, version=version)
    except (ConcurrencyError, ValidationError) as exc:
        return json_error_response(exc)
    when = timezone.localtime(moved.start_time)
    return JsonResponse(
        {
            "ok": True,
            "version": moved.version,
            "message": f"Event '{moved}' moved to {when:%a %d %b %Y %H:%M}.",
        }
    )
