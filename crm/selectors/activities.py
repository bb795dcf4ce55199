"""Activity reads: a record's timeline (with the account roll-up), My tasks' quick views and
the calendar feed's rows. Querysets and rows only; the screens add URLs and formatting.

The timeline of a record shows activities whose what or who is that record; an account's also
rolls up those of every record that reaches the account through ``Link.account_path``
(its contacts, opportunities, and — once declared — cases, orders, contracts, quotes). One
``WHERE … OR …`` over indexed foreign keys, so each activity shows exactly once."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from crm.models.activities import Activity, ActivityType, TaskStatus
from crm.models.activity_links import WHAT_FIELDS, WHAT_LINKS, WHO_FIELDS, WHO_LINKS
from crm.selectors.related_rows import prefetch_used

PAST_PAGE_SIZE = 50
# Everything a timeline row or a task row shows. Joined: the assignee and "email" (an Email
# activity's outbox message, its To and status, on the OneToOne). Read by id for the rows
# shown (``prefetch_links``): the what and who links — nine optional foreign keys; joining
# all eleven tables cost PostgreSQL 6–24 ms of planning per query at full size (the account's
# Activity tab, the My tasks page), for a query it ran in 1–2 ms.
ROW_JOINED = ("assigned_to", "email")
ROW_LINKS = (*WHAT_FIELDS, *WHO_FIELDS)


def prefetch_links(rows) -> list[Activity]:
    """The rows shown, with their what and who (crm.selectors.related_rows)."""
    return prefetch_used(rows, ROW_LINKS)


# What a calendar item shows (the feed loads nothing else).
CALENDAR_FIELDS = (
    "subject",
    "version",
    "type",
    "status",
    "due_date",
    "start_time",
    "end_time",
    "is_all_day_event",
    "activity_date",
    "assigned_to__first_name",
    "assigned_to__last_name",
)

MY_TASK_VIEWS = {
    "today": "Today",
    "overdue": "Overdue",
    "week": "This week",
    "open": "All open",
}


def _model_label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def timeline_branches(record) -> list[Q]:
    """One condition per way an activity reaches ``record``'s timeline (empty: activities
    cannot relate to it): its own what/who link, and for an account every roll-up link."""
    label = _model_label(type(record))
    own = [Q(**{link.field: record}) for link in (*WHAT_LINKS, *WHO_LINKS) if link.model == label]
    if not own or label != "crm.Account":
        return own
    rolled = [
        Q(**{f"{link.field}__in": _linked(link, record)})
        for link in (*WHAT_LINKS, *WHO_LINKS)
        if link.account_path and link.model != label
    ]
    return own + rolled


def _linked(link, account) -> QuerySet:
    model = apps.get_model(link.model)
    return model._base_manager.filter(**{link.account_path: account}).values("pk")


def timeline_filter(record) -> Q | None:
    """Activities on ``record``'s timeline as one condition, or None when activities cannot
    relate to it."""
    branches = timeline_branches(record)
    if not branches:
        return None
    condition = Q()
    for branch in branches:
        condition |= branch
    return condition


def _is_upcoming(row, now: datetime.datetime) -> bool:
    """Open tasks (whatever their date) and events not over yet."""
    kind, status, end_time = row
    if kind == ActivityType.TASK:
        return status != TaskStatus.COMPLETED
    return end_time is not None and end_time >= now


@dataclass
class Timeline:
    upcoming: list
    past: list
    past_offset: int
    next_past_offset: int | None


def timeline(record, *, now: datetime.datetime | None = None, past_offset: int = 0) -> Timeline:
    """Upcoming & overdue (open tasks and events still ahead, soonest first) and one page of
    past activity (completed tasks and events over, newest first). Two queries: the keys of
    the whole timeline (narrow rows found through the foreign-key indexes), then the rows
    shown. ORing the links in one WHERE … ORDER BY … LIMIT makes PostgreSQL scan the whole
    table (or walk the date index through it) instead."""
    now = now or timezone.now()
    fields = ("pk", "activity_date", "type", "status", "end_time")
    # A UNION of one index-friendly query per link: an activity reached twice (its contact
    # and its opportunity) is one row, so it shows exactly once.
    branches = [
        Activity.objects.filter(branch).order_by().values_list(*fields)
        for branch in timeline_branches(record)
    ]
    keys = branches[0].union(*branches[1:]) if len(branches) > 1 else branches[0]
    upcoming, past = [], []
    for pk, when, *state in keys:
        (upcoming if _is_upcoming(state, now) else past).append((when, pk))
    upcoming.sort()
    past.sort(reverse=True)
    shown_upcoming = [pk for _, pk in upcoming[:PAST_PAGE_SIZE]]
    shown_past = [pk for _, pk in past[past_offset : past_offset + PAST_PAGE_SIZE]]
    rows = Activity.objects.filter(pk__in=shown_upcoming + shown_past)
    rows = prefetch_links(rows.select_related(*ROW_JOINED))
    by_pk = {row.pk: row for row in rows} if shown_upcoming or shown_past else {}
    more = len(past) > past_offset + PAST_PAGE_SIZE
    return Timeline(
        upcoming=[by_pk[pk] for pk in shown_upcoming if pk in by_pk],
        past=[by_pk[pk] for pk in shown_past if pk in by_pk],
        past_offset=past_offset,
        next_past_offset=past_offset + PAST_PAGE_SIZE if more else None,
    )


def my_tasks_filter(*, user, view: str = "open", today: datetime.date | None = None) -> Q:
    """Open tasks assigned to ``user`` in a quick view (Today, Overdue, This week, All open)."""
    today = today or timezone.localdate()
    condition = Q(type=ActivityType.TASK, assigned_to=user) & ~Q(status=TaskStatus.COMPLETED)
    if view == "today":
        condition &= Q(due_date=today)
    elif view == "overdue":
        condition &= Q(due_date__lt=today)
    elif view == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        condition &= Q(due_date__range=(monday, monday + datetime.timedelta(days=6)))
    return condition


def my_tasks(*, user, view: str = "open", today: datetime.date | None = None) -> QuerySet:
    """My tasks for a quick view, by due date (undated last); ``prefetch_links`` the rows
    shown."""
    rows = Activity.objects.filter(my_tasks_filter(user=user, view=view, today=today))
    return rows.select_related(*ROW_JOINED).order_by(F("due_date").asc(nulls_last=True), "pk")


def calendar_rows(
    *, user_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> list[Activity]:
    """Events of ``user_ids`` that overlap [start, end) and their tasks due in that range
    (local dates), in one query."""
    first_day = timezone.localtime(start).date()
    local_end = timezone.localtime(end)
    # The range ends at a midnight (FullCalendar's views do): that day is not in it.
    due = (
        Q(due_date__lt=local_end.date())
        if local_end.time() == datetime.time.min
        else Q(due_date__lte=local_end.date())
    )
    tasks = Q(type=ActivityType.TASK, due_date__gte=first_day) & due
    # Overlapping the range; an instant event (end = start) at the range's start still shows.
    events = Q(type=ActivityType.EVENT, start_time__lt=end) & (
        Q(end_time__gt=start) | Q(start_time__gte=start)
    )
    return list(
        Activity.objects.filter(assigned_to_id__in=user_ids)
        .filter(events | tasks)
        .select_related("assigned_to")
        .only(*CALENDAR_FIELDS)
        .order_by("activity_date", "pk")
    )
