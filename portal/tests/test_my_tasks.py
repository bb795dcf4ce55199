"""My tasks page (portal.views.tasks): tabs with counts, my tasks only, by due date, paged,
pinned query counts; and the complete / reopen endpoints behind every task checkbox, with
JavaScript (JSON) and without (redirect back with a toast)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Activity
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    EventFactory,
    TaskFactory,
    UserFactory,
)
from portal.views.base import NOT_ALLOWED
from portal.views.tasks import NO_VERSION, PAGE_SIZE

pytestmark = pytest.mark.django_db
PAGE = "/portal/tasks/"
JSON = {"HTTP_ACCEPT": "application/json"}
PINNED = 5  # session, user, permissions (one query), the tab counts, the rows
# + one query per kind of record the rows relate to (here: their account and their contact;
# crm.selectors.activities.with_row_related reads them by id rather than joining nine tables)
LINKED_KINDS = 2
TABS = ("today", "overdue", "week", "open", "completed")


def complete_url(task):
    return f"/portal/tasks/{task.pk}/complete/"


def reopen_url(task):
    return f"/portal/tasks/{task.pk}/reopen/"


def status_of(task):
    return Activity.objects.get(pk=task.pk).status


def test_page_is_in_the_shell_with_its_sidebar_entry_highlighted(sales_client):
    response = sales_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="crm-highlights__title">My tasks</h1>' in html
    assert "crm/task_complete.js" in html and "<script>" not in html
    sidebar = response.context["sidebar_navigation"]
    active = [item["title"] for group in sidebar for item in group["items"] if item.get("active")]
    assert active == ["My tasks"]


def test_tabs_count_my_tasks_and_rows_link_subject_what_and_who(sales_client, sales_user):
    today = timezone.localdate()
    account = AccountFactory(owner=sales_user, name="Brightside Bakery")
    contact = ContactFactory(account=account, owner=sales_user, last_name="Ruiz")
    due = TaskFactory(
        owner=sales_user,
        subject="Call Ana",
        due_date=today,
        priority="high",
        related_account=account,
        contact=contact,
    )
    late = TaskFactory(
        owner=sales_user, subject="Send deck", due_date=today - datetime.timedelta(days=3)
    )
    TaskFactory(subject="Not mine", due_date=today)
    TaskFactory(owner=sales_user, subject="Filed", status="completed")
    response = sales_client.get(PAGE)
    counts = {t["key"]: t["count"] for t in response.context["tabs"]}
    assert counts["today"] == 1 and counts["overdue"] == 1 and counts["completed"] == 1
    assert counts["open"] == 2
    html = response.content.decode()
    assert "Call Ana" in html and "Not mine" not in html and "Send deck" not in html
    assert f'href="/crm/activity/{due.pk}/change/"' in html
    assert f'href="/crm/account/{account.pk}/change/">Brightside Bakery</a>' in html
    assert f'href="/crm/contact/{contact.pk}/change/"' in html
    assert '<span class="crm-task-row__today">Today</span>' in html and "High" in html
    overdue = sales_client.get(PAGE, {"tab": "overdue"}).content.decode()
    assert "Send deck" in overdue and 'class="crm-overdue"' in overdue
    assert f'action="/portal/tasks/{late.pk}/complete/"' in overdue
    done = sales_client.get(PAGE, {"tab": "completed"}).content.decode()
    assert "Filed" in done and "data-task-complete" not in done
    # An unknown tab is Today's; an unknown page the last one.
    assert sales_client.get(PAGE, {"tab": "nope", "page": "x"}).context["tab"] == "today"


def test_all_open_is_paged_by_due_date_undated_last(sales_client, sales_user):
    today = timezone.localdate()
    undated = TaskFactory(owner=sales_user, subject="Undated", due_date=None)
    for day in range(PAGE_SIZE):
        TaskFactory(
            owner=sales_user, subject=f"Day {day:02}", due_date=today + datetime.timedelta(days=day)
        )
    first = sales_client.get(PAGE, {"tab": "open"})
    subjects = [item["subject"] for item in first.context["items"]]
    assert subjects == [f"Day {day:02}" for day in range(PAGE_SIZE)]
    assert first.context["page"]["next"] == "/portal/tasks/?tab=open&page=2"
    second = sales_client.get(PAGE, {"tab": "open", "page": "2"})
    assert [item["pk"] for item in second.context["items"]] == [undated.pk]
    assert sales_client.get(PAGE, {"tab": "open", "page": "99"}).context["page"]["number"] == 2


def count_queries(client, tab) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE, {"tab": tab}).status_code == 200
    return len(queries)


def make_tasks(user, count):
    today = timezone.localdate()
    account = AccountFactory(owner=user)
    contact = ContactFactory(account=account, owner=user)
    for index in range(count):
        TaskFactory(
            owner=user,
            due_date=today - datetime.timedelta(days=index % 9 - 4),
            related_account=account,
            contact=contact,
            status="completed" if index % 5 == 0 else "not_started",
        )


@pytest.mark.parametrize("tab", TABS)
def test_query_counts_are_pinned_whatever_the_number_of_tasks(sales_client, sales_user, tab):
    make_tasks(sales_user, 10)  # every tab shows some
    sales_client.get(PAGE)  # warm per-process caches (sidebar, content types)
    ten = count_queries(sales_client, tab)
    make_tasks(sales_user, 27)
    assert count_queries(sales_client, tab) == ten == PINNED + LINKED_KINDS


def test_complete_and_undo_with_javascript(sales_client, sales_user):
    task = TaskFactory(owner=sales_user, subject="Call Ana", status="waiting")
    response = sales_client.post(complete_url(task), {"version": task.version}, **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["message"] == "Task 'Call Ana' completed."
    assert data["previous_status"] == "waiting" and data["reopen_url"] == reopen_url(task)
    assert status_of(task) == "completed" and data["version"] == task.version + 1
    undo = sales_client.post(
        reopen_url(task), {"version": data["version"], "status": data["previous_status"]}, **JSON
    )
    assert undo.status_code == 200 and undo.json()["message"] == "Task 'Call Ana' reopened."
    assert status_of(task) == "waiting"


def test_a_stale_version_is_refused_with_the_stale_message_and_nothing_changes(
    sales_client, sales_user
):
    task = TaskFactory(owner=sales_user)
    response = sales_client.post(complete_url(task), {"version": task.version + 1}, **JSON)
    assert response.status_code == 409 and response.json()["error"] == STALE_RECORD_MESSAGE
    assert status_of(task) == "not_started"
    missing = sales_client.post(complete_url(task), {}, **JSON)
    assert missing.status_code == 400 and missing.json()["error"] == NO_VERSION
    stale_undo = sales_client.post(reopen_url(task), {"version": task.version}, **JSON)
    assert stale_undo.status_code == 400 and "not completed" in stale_undo.json()["error"]


def test_service_rules_decide_who_may_complete(sales_client, sales_user, client):
    # SPEC §5: sales users update any activity (teams share calendars), so a teammate's task
    # may be completed; a user who lost "change activity" is refused and nothing changes.
    teammate_task = TaskFactory(owner=UserFactory())
    assert sales_client.post(complete_url(teammate_task), {"version": 1}, **JSON).json()["ok"]
    viewer = UserFactory()
    viewer.groups.clear()
    task = TaskFactory(owner=viewer)
    client.force_login(viewer)
    refused = client.post(complete_url(task), {"version": task.version}, **JSON)
    assert refused.status_code == 403 and refused.json()["error"] == NOT_ALLOWED
    assert client.post(complete_url(task), {"version": task.version}).status_code == 403
    assert status_of(task) == "not_started"


@pytest.mark.parametrize("task_id", ["999999999", "99999999999999999999999", "abc", "²"])
def test_a_bad_id_is_a_404_not_a_500(sales_client, task_id):
    response = sales_client.post(f"/portal/tasks/{task_id}/complete/", {"version": 1}, **JSON)
    assert response.status_code == 404


def test_an_event_is_not_a_task_here(sales_client, sales_user):
    event = EventFactory(owner=sales_user)
    assert sales_client.post(complete_url(event), {"version": 1}, **JSON).status_code == 404


def test_without_javascript_the_form_posts_and_returns_with_a_toast(sales_client, sales_user):
    task = TaskFactory(owner=sales_user, subject="Call Ana")
    response = sales_client.post(
        complete_url(task), {"version": task.version, "next": "/portal/tasks/?tab=open"}
    )
    assert response.status_code == 302 and response["Location"] == "/portal/tasks/?tab=open"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Task 'Call Ana' completed."]
    assert status_of(task) == "completed"
    again = sales_client.post(
        complete_url(task), {"version": task.version, "next": "https://evil.example/"}
    )
    assert again["Location"] == PAGE  # no open redirect
    page = sales_client.get(PAGE)
    # The page still showed version 1: the refusal comes back as a toast.
    assert "modified by another user" in page.content.decode()
    assert status_of(task) == "completed"
    assert sales_client.get(complete_url(task)).status_code == 405


def test_home_card_completes_in_place_and_lands_back_on_the_card(sales_client, sales_user):
    task = TaskFactory(owner=sales_user, subject="Call Ana")
    html = sales_client.get("/").content.decode()
    assert "crm/task_complete.js" in html
    assert f'action="/portal/tasks/{task.pk}/complete/"' in html and "data-task-complete" in html
    assert 'name="next" value="/#my-tasks"' in html
    response = sales_client.post(
        complete_url(task), {"version": task.version, "next": "/#my-tasks"}
    )
    assert response["Location"] == "/#my-tasks" and status_of(task) == "completed"
