"""New Task / New Event forms, All activities and My tasks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import Activity
from crm.models.activities import TWO_WHATS
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    EventFactory,
    OpportunityFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_new_task_form_shows_only_task_fields(sales_client):
    html = sales_client.get("/crm/activity/add/?type=task").content.decode()
    assert 'name="due_date"' in html and 'name="priority"' in html
    assert 'name="start_time' not in html and 'name="location"' not in html


def test_new_event_form_shows_only_event_fields(sales_client):
    html = sales_client.get("/crm/activity/add/?type=event").content.decode()
    assert 'name="start_time_0"' in html and 'name="location"' in html
    assert 'name="due_date"' not in html and 'name="priority"' not in html


def test_new_task_from_an_account_is_prefilled_and_returns_to_its_activity_tab(
    sales_client, sales_user
):
    account = AccountFactory()
    url = f"/crm/activity/add/?type=task&related_account={account.pk}"
    form = sales_client.get(url)
    assert form.context["adminform"].form.initial["assigned_to"] == sales_user.pk
    response = sales_client.post(
        url,
        {
            "subject": "Follow up on proposal",
            "assigned_to": sales_user.pk,
            "due_date": timezone.localdate().isoformat(),
            "status": "not_started",
            "priority": "high",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/crm/account/{account.pk}/change/#activity"
    assert "Task 'Follow up on proposal' was created." in _messages(response)
    task = Activity.objects.get()
    assert (task.type, task.what, task.owner, task.assigned_to) == (
        "task",
        account,
        sales_user,
        sales_user,
    )


def test_new_event_with_end_before_start_shows_the_error(sales_client, sales_user):
    response = sales_client.post(
        "/crm/activity/add/?type=event",
        {
            "subject": "Kick-off",
            "assigned_to": sales_user.pk,
            "start_time_0": "2026-12-01",
            "start_time_1": "10:00",
            "end_time_0": "2026-12-01",
            "end_time_1": "09:00",
        },
    )
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    assert not Activity.objects.exists()


def test_two_whats_on_the_form_are_refused(sales_client, sales_user):
    contact = ContactFactory()
    opportunity = OpportunityFactory(account=contact.account)
    response = sales_client.post(
        "/crm/activity/add/?type=task",
        {
            "subject": "Call",
            "assigned_to": sales_user.pk,
            "status": "not_started",
            "priority": "normal",
            "related_account": contact.account.pk,
            "related_opportunity": opportunity.pk,
            "contact": contact.pk,
        },
    )
    assert response.status_code == 200
    assert TWO_WHATS in response.content.decode()
    assert not Activity.objects.exists()


def test_my_tasks_quick_views(sales_client, sales_user):
    today = timezone.localdate()
    due_today = TaskFactory(owner=sales_user, due_date=today, subject="Today one")
    overdue = TaskFactory(owner=sales_user, due_date=today - datetime.timedelta(days=2))
    later = TaskFactory(owner=sales_user, due_date=today + datetime.timedelta(days=30))
    TaskFactory(owner=sales_user, due_date=today, status="completed")
    TaskFactory(owner=UserFactory(), due_date=today)  # someone else's
    EventFactory(owner=sales_user)

    def listed(view):
        response = sales_client.get(f"/crm/activity/?tasks={view}")
        return [row.pk for row in response.context["cl"].result_list]

    assert listed("today") == [due_today.pk]
    assert listed("overdue") == [overdue.pk]
    assert listed("open") == [overdue.pk, due_today.pk, later.pk]


def test_my_tasks_headers_show_no_arrow_for_an_order_they_are_not_in(sales_client, sales_user):
    """My tasks are sorted by due date, which no column sorts by: the Date column (sorted by
    activity date) shows no arrow, as the line above the table says "Sorted by Due date"."""
    TaskFactory(owner=sales_user)
    mine = sales_client.get("/crm/activity/?tasks=open")
    assert mine.context["cl"].get_ordering_field_columns() == {}
    assert "Sorted by Due date" in mine.content.decode()
    every = sales_client.get("/crm/activity/?view=all")
    date_column = list(every.context["cl"].list_display).index("when")
    assert every.context["cl"].get_ordering_field_columns() == {date_column: "desc"}


def test_bulk_mark_complete(sales_client, sales_user):
    tasks = TaskFactory.create_batch(2, owner=sales_user)
    event = EventFactory(owner=sales_user)
    response = sales_client.post(
        "/crm/activity/",
        {"action": "mark_complete", "_selected_action": [t.pk for t in tasks] + [event.pk]},
        follow=True,
    )
    assert "2 task(s) marked complete." in _messages(response)
    assert set(Activity.objects.tasks().values_list("status", flat=True)) == {"completed"}


def test_clone_of_an_event_opens_the_event_form_with_its_times(sales_client, sales_user):
    event = EventFactory(owner=sales_user, subject="Design review", location="Studio")
    response = sales_client.get(f"/crm/activity/add/?clone={event.pk}")
    initial = response.context["adminform"].form.initial
    assert (initial["subject"], initial["start_time"]) == ("Design review", event.start_time)
    assert 'name="location"' in response.content.decode()


def test_a_bad_slot_time_is_ignored(sales_client):
    response = sales_client.get("/crm/activity/add/?type=event&start_time=soon")
    assert response.status_code == 200
    assert "start_time" not in response.context["adminform"].form.initial


def test_the_assigned_to_filter_offers_me_then_every_active_user_read_once(sales_client):
    """The "assigned to" and "owner" filters share one read of the active users; a user with
    no name is offered by email."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nameless = UserFactory(first_name="", last_name="", email="nameless@agency.example")
    gone = UserFactory(is_active=False)
    with CaptureQueriesContext(connection) as queries:
        response = sales_client.get(reverse("admin:crm_activity_changelist"), {"view": "all"})
    [assignee] = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "assigned"
    ]
    offered = dict(assignee.lookup_choices)
    assert list(offered)[0] == "me" and offered["me"] == "Assigned to me"
    assert offered[str(nameless.pk)] == "nameless@agency.example"
    assert str(gone.pk) not in offered
    user_lists = [q for q in queries if 'FROM "crm_user" WHERE "crm_user"."is_active"' in q["sql"]]
    assert len(user_lists) == 1
