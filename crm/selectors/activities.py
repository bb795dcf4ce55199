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

from crm.models.activities import (
    WHAT_FIELDS,
    WHAT_LINKS,
    WHO_FIELDS,
    WHO_LINKS,
    Activity,
    ActivityType,
    TaskStatus,
)

PAST_PAGE_SIZE = 50
# Everything a timeline row, a task row or a calendar item shows, joined once.
ROW_RELATED = ("assigned_to", *WHAT_FIELDS, *WHO_FIELDS)

MY_TASK_VIEWS = {
    "today": "Today",
    "overdue": "Overdue",
    "week": "This week",
    "open": "All open",
}


def _model_label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def timeline_filter(record) -> Q | None:
    """Activities on ``record``'s timeline, or None when activities cannot relate to it."""
    label = _model_label(type(record))
    condition = Q()
    related = False
    for link in (*WHAT_LINKS, *WHO_LINKS):
        if link.model == label:
            condition |= Q(**{link.field: record})
            related = True
        elif label == "crm.Account" and link.account_path:
            linked = apps.get_model(link.model)._base_manager.filter(**{link.account_path: record})
            condition |= Q(**{f"{link.field}__in": linked.values("pk")})
    return condition if related else None


def _open_or_upcoming(now: datetime.datetime) -> Q:
    return Q(type=ActivityType.TASK) & ~Q(status=TaskStatus.COMPLETED) | Q(
        type=ActivityType.EVENT, end_time__gte=now
    )


@dataclass
class Timeline:
    upcoming: list
    past: list
    past_offset: int
    next_past_offset: int | None


def timeline(record, *, now: datetime.datetime | None = None, past_offset: int = 0) -> Timeline:
    """Upcoming & overdue (open tasks and events still ahead, soonest first) and one page of
    past activity (completed tasks and events over, newest first). Two queries."""
    now = now or timezone.now()
    condition = timeline_filter(record)
    base = Activity.objects.filter(condition).select_related(*ROW_RELATED)
    upcoming = list(
        base.filter(_open_or_upcoming(now)).order_by("activity_date", "pk")[:PAST_PAGE_SIZE]
    )
    past_rows = list(
        base.exclude(_open_or_upcoming(now)).order_by("-activity_date", "-pk")[
            past_offset : past_offset + PAST_PAGE_SIZE + 1
        ]
    )
    more = len(past_rows) > PAST_PAGE_SIZE
    return Timeline(
        upcoming=upcoming,
        past=past_rows[:PAST_PAGE_SIZE],
        past_offset=past_offset,
        next_past_offset=past_offset + PAST_PAGE_SIZE if more else None,
    )


def my_tasks(*, user, view: str = "open", today: datetime.date | None = None) -> QuerySet:
    """Open tasks assigned to ``user`` for a quick view, by due date (undated last)."""
    today = today or timezone.localdate()
    tasks = Activity.objects.open_tasks().filter(assigned_to=user)
    if view == "today":
        tasks = tasks.filter(due_date=today)
    elif view == "overdue":
        tasks = tasks.filter(due_date__lt=today)
    elif view == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        tasks = tasks.filter(due_date__range=(monday, monday + datetime.timedelta(days=6)))
    return tasks.select_related(*ROW_RELATED).order_by(F("due_date").asc(nulls_last=True), "pk")


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
        .order_by("activity_date", "pk")
    )
