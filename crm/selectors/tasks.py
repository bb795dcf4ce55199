"""My tasks (SPEC §10a, issue 25 item 4): the current user's tasks in five tabs — Today,
Overdue, This week, All open, Completed — with a count on each tab. Rows and numbers only;
the page adds URLs and formatting. Day boundaries are the user's local dates
(``timezone.localdate()``), so a task due today stays "Today" until local midnight."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from crm.models.activities import Activity, ActivityType, TaskStatus
from crm.selectors.activities import MY_TASK_VIEWS, ROW_JOINED, my_tasks_filter, prefetch_links

# The open quick views of the activity list, then the tasks I have done.
TASK_TABS = {**MY_TASK_VIEWS, "completed": "Completed"}
DEFAULT_TAB = "today"


def task_tab_filter(*, user, tab: str, today: datetime.date) -> Q:
    if tab == "completed":
        return Q(type=ActivityType.TASK, assigned_to=user, status=TaskStatus.COMPLETED)
    return my_tasks_filter(user=user, view=tab, today=today)


def task_tab_counts(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """How many tasks each tab holds, in one query over my tasks."""
    today = today or timezone.localdate()
    counts = Activity.objects.filter(type=ActivityType.TASK, assigned_to=user).aggregate(
        **{
            tab: Count("pk", filter=task_tab_filter(user=user, tab=tab, today=today))
            for tab in TASK_TABS
        }
    )
    return {tab: counts[tab] or 0 for tab in TASK_TABS}


def task_tab_rows(*, user, tab: str, today: datetime.date | None = None) -> QuerySet:
    """A tab's tasks by due date (no due date last), their assignee joined (``task_tab_page``
    adds their what and who)."""
    today = today or timezone.localdate()
    rows = Activity.objects.filter(task_tab_filter(user=user, tab=tab, today=today))
    return rows.select_related(*ROW_JOINED).order_by(F("due_date").asc(nulls_last=True), "pk")


def task_tab_page(
    *, user, tab: str, start: int, size: int, today: datetime.date | None = None
) -> list[Activity]:
    """``size`` of a tab's tasks from ``start``, with their what, who and assignee."""
    rows = task_tab_rows(user=user, tab=tab, today=today)
    return prefetch_links(rows[start : start + size])
