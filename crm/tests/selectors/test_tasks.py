"""My tasks' tabs (crm.selectors.tasks): which of my tasks each tab holds, by local date, and
their counts in one query."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.selectors.tasks import TASK_TABS, task_tab_counts, task_tab_page, task_tab_rows
from crm.tests.factories import AccountFactory, ContactFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
THURSDAY = datetime.date(2026, 12, 10)  # the week runs Monday 7 to Sunday 13 December


def tab(user, name, today=THURSDAY):
    return [task.subject for task in task_tab_rows(user=user, tab=name, today=today)]


@pytest.fixture
def my_week(sales_user):
    def task(subject, due, **extra):
        return TaskFactory(owner=sales_user, subject=subject, due_date=due, **extra)

    task("undated", None)
    task("last week", datetime.date(2026, 12, 4))
    task("monday", datetime.date(2026, 12, 7))
    task("today", THURSDAY)
    task("sunday", datetime.date(2026, 12, 13))
    task("next monday", datetime.date(2026, 12, 14))
    task("done yesterday", datetime.date(2026, 12, 9), status="completed")
    TaskFactory(subject="someone else's", due_date=THURSDAY)
    return sales_user


def test_each_tab_holds_my_tasks_by_due_date_undated_last(my_week):
    assert tab(my_week, "today") == ["today"]
    assert tab(my_week, "overdue") == ["last week", "monday"]
    assert tab(my_week, "week") == ["monday", "today", "sunday"]
    assert tab(my_week, "open") == [
        "last week",
        "monday",
        "today",
        "sunday",
        "next monday",
        "undated",
    ]
    assert tab(my_week, "completed") == ["done yesterday"]


def test_counts_match_the_tabs_in_one_query(my_week):
    with CaptureQueriesContext(connection) as queries:
        counts = task_tab_counts(user=my_week, today=THURSDAY)
    assert len(queries) == 1
    assert counts == {"today": 1, "overdue": 2, "week": 3, "open": 6, "completed": 1}
    assert list(counts) == list(TASK_TABS)
    assert task_tab_counts(user=UserFactory(), today=THURSDAY) == dict.fromkeys(TASK_TABS, 0)


@override_settings(TIME_ZONE="America/New_York")
def test_tabs_turn_at_local_midnight_not_utc(sales_user):
    TaskFactory(owner=sales_user, subject="due thursday", due_date=THURSDAY)
    zone = zoneinfo.ZoneInfo("America/New_York")
    # 23:30 on Thursday in New York is already Friday 04:30 in UTC: still "today" there.
    late = datetime.datetime(2026, 12, 10, 23, 30, tzinfo=zone)
    after = datetime.datetime(2026, 12, 11, 0, 30, tzinfo=zone)
    with timezone.override(zone):
        assert timezone.localdate(late) == THURSDAY
        for moment, today, overdue in ((late, ["due thursday"], []), (after, [], ["due thursday"])):
            day = timezone.localdate(moment)
            assert tab(sales_user, "today", today=day) == today
            assert tab(sales_user, "overdue", today=day) == overdue
    # Without a date given, the selector reads today's local date itself.
    with timezone.override(zone):
        assert [t.subject for t in task_tab_rows(user=sales_user, tab="open")] == ["due thursday"]


def test_this_week_runs_monday_to_sunday_across_a_local_midnight(sales_user):
    TaskFactory(owner=sales_user, subject="sunday", due_date=datetime.date(2026, 12, 13))
    TaskFactory(owner=sales_user, subject="monday", due_date=datetime.date(2026, 12, 14))
    assert tab(sales_user, "week", today=datetime.date(2026, 12, 13)) == ["sunday"]
    assert tab(sales_user, "week", today=datetime.date(2026, 12, 14)) == ["monday"]


def test_a_page_of_a_tab_reads_each_kind_of_linked_record_once(sales_user):
    """task_tab_page: the rows, then one query per kind of record they relate to (here
    accounts and contacts; none for the seven kinds no row uses), nothing per row."""
    for _ in range(4):
        account = AccountFactory(owner=sales_user)
        contact = ContactFactory(account=account, owner=sales_user)
        TaskFactory(owner=sales_user, due_date=THURSDAY, related_account=account, contact=contact)
    TaskFactory(owner=sales_user, due_date=THURSDAY)  # relates to nothing
    with CaptureQueriesContext(connection) as queries:
        rows = task_tab_page(user=sales_user, tab="today", today=THURSDAY, start=0, size=10)
        shown = [(str(row.what), str(row.who), str(row.assigned_to)) for row in rows]
    assert len(rows) == 5 and len(queries) == 3  # the tasks, their accounts, their contacts
    assert sum(what != "None" for what, _who, _assignee in shown) == 4
    assert len(task_tab_page(user=sales_user, tab="today", today=THURSDAY, start=4, size=10)) == 1
