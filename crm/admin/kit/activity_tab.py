"""The Activity tab of record pages (SPEC §7, UI.md): New Task / New Event, Upcoming &
Overdue (overdue dates red, a checkbox that completes an open task), then past activity
grouped by month, fifty at a time.

Every record that an activity can relate to gets the tab: the links declared in
``crm.models.activities.WHAT_LINKS`` / ``WHO_LINKS`` decide it, so declaring a new link there
(e.g. ``related_case``) gives case pages the tab with no change here. Two queries per page
whatever the number of activities (``crm.selectors.activities.timeline``)."""

from itertools import groupby
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from crm.ids import parse_id
from crm.models.activities import ActivityType, TaskSubtype
from crm.models.activity_links import WHAT_LINKS, WHO_LINKS
from crm.models.outbox import EmailStatus
from crm.objects import style_of
from crm.record_urls import record_url
from crm.selectors.activities import timeline, timeline_filter

PAST_PARAM = "past"


def admin_url(record) -> str | None:
    """The record's page (reversed once per kind of record: a tab draws 100 items, three
    links each), or None for a record with no admin page."""
    try:
        return record_url(type(record), record.pk)
    except NoReverseMatch:
        return None


def _link_field(record) -> tuple[str, bool] | None:
    """The activity field that points at ``record`` and whether it is a who."""
    label = f"{record._meta.app_label}.{type(record).__name__}"
    for link in WHAT_LINKS:
        if link.model == label:
            return link.field, False
    for link in WHO_LINKS:
        if link.model == label:
            return link.field, True
    return None


def new_activity_urls(record=None) -> dict[str, str]:
    """ "New Task" / "New Event" add-form URLs, pre-filling ``record`` as what (or who)."""
    base = reverse("admin:crm_activity_add")
    extra = {}
    if record is not None and (found := _link_field(record)):
        extra[found[0]] = record.pk
    return {kind: f"{base}?{urlencode({'type': kind, **extra})}" for kind in ActivityType.values}


COMPOSER_KINDS = (*ActivityType.values, TaskSubtype.CALL.value)


def composer_urls(record) -> dict[str, str]:
    """The composer's New Task / New Event / Log a Call URLs with ``record`` pre-filled: a
    page without JavaScript, the Activity tab's inline panel with it (crm/composer.js)."""
    base = reverse("admin:crm_activity_compose")
    extra = {}
    if found := _link_field(record):
        extra[found[0]] = record.pk
    return {kind: f"{base}?{urlencode({'type': kind, **extra})}" for kind in COMPOSER_KINDS}


def _ref(record) -> dict | None:
    if record is None:
        return None
    return {"text": str(record), "url": admin_url(record), "kind": record._meta.verbose_name}


def activity_item(activity, *, today, now) -> dict:
    """One timeline / My day row, ready for crm/includes/activity_item.html."""
    style = style_of(activity.kind)
    if activity.is_task:
        date = activity.due_date
        overdue = activity.is_open_task and date is not None and date < today
    else:
        date = timezone.localtime(activity.start_time)
        overdue = False
    return {
        "pk": activity.pk,
        "version": activity.version,
        "type": activity.kind,
        "type_label": activity.kind_label,
        "icon": style.icon,
        "color": style.color,
        "subject": activity.subject,
        "url": admin_url(activity),
        "date": date,
        "all_day": activity.is_task or activity.is_all_day_event,
        "overdue": overdue,
        "open_task": activity.is_open_task,
        "status": activity.get_status_display() if activity.is_task else "",
        "assignee": activity.assigned_to,
        "what": _ref(activity.what),
        "who": _ref(activity.who),
        "email": _email_ref(activity),
    }


def _email_ref(activity) -> dict | None:
    """An Email activity's message: To, its status (failed in red), the outbox record (where an
    admin retries it). The rows' selector joins the message (``ROW_JOINED``)."""
    if not activity.is_email:
        return None
    try:
        message = activity.email
    except ObjectDoesNotExist:
        return None
    return {
        "to": message.to_addresses,
        "status": message.get_status_display(),
        "status_key": message.status,  # queued, sent, failed
        "failed": message.status == EmailStatus.FAILED,
        "url": admin_url(message),
    }


def _month_key(item):
    return (item["date"].year, item["date"].month) if item["date"] else (0, 0)


def _takes_new_activities(request, record) -> bool:
    """Deactivated records and converted leads keep their history but take nothing new."""
    if not request.user.has_perm("crm.add_activity"):
        return False
    return getattr(record, "is_active", True) and not getattr(record, "is_converted", False)


def build_activity_tab(request, record) -> dict | None:
    if not request.user.has_perm("crm.view_activity") or timeline_filter(record) is None:
        return None
    raw = request.GET.get(PAST_PARAM, "0")
    offset = parse_id(raw) or 0
    offset = offset if offset < 1_000_000 else 0
    now = timezone.now()
    today = timezone.localdate()
    data = timeline(record, now=now, past_offset=offset)
    past = [activity_item(a, today=today, now=now) for a in data.past]
    months = [
        {"month": items[0]["date"], "items": items}
        for _, group in groupby(past, key=_month_key)
        if (items := list(group))
    ]
    # Full-page links (the record page opened on this tab), so they also work without
    # JavaScript and from the fragment the tab is loaded as.
    page = f"{admin_url(record)}?tab=activity"
    more_url = None
    if data.next_past_offset is not None:
        more_url = f"{page}&{urlencode({PAST_PARAM: data.next_past_offset})}"
    return {
        "upcoming": [activity_item(a, today=today, now=now) for a in data.upcoming],
        "months": months,
        "more_past_url": more_url,
        "newer_past_url": page if offset else None,
        "new_urls": composer_urls(record) if _takes_new_activities(request, record) else {},
        "can_complete": request.user.has_perm("crm.change_activity"),
        "can_retry_email": request.user.has_perm("crm.change_emailmessage"),
        "complete_next": page,
    }
