"""Issue 25 around the composer: the Activity tab offers New Task / New Event / Log a Call
and shows a new activity at once (its cached fragment goes stale on any activity write);
the full-page forms are titled "New Task" / "New Event" and give an event default times;
calls show as calls in the list and its Type filter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.admin.activities.composer_form import next_full_hour
from crm.models import Activity
from crm.models.activities import TaskSubtype
from crm.services.activities import log_call
from crm.tests.factories import AccountFactory, ContactFactory, EventFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _tab(client, record, model="account"):
    response = client.get(f"/crm/{model}/{record.pk}/tab/activity/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_tab_offers_the_composer_prefilled_with_the_record(sales_client):
    contact = ContactFactory()
    html = _tab(sales_client, contact, "contact")
    for kind in ("task", "event", "call"):
        assert f"/crm/activity/compose/?type={kind}&amp;contact={contact.pk}" in html
    assert html.count('data-crm-composer="inline"') == 3 and "data-crm-composer-panel" in html
    assert ">Log a Call</a>" in html


def test_a_logged_call_shows_at_once_in_past_activity_with_a_phone(sales_client, sales_user):
    account = AccountFactory()
    assert "No past activity." in _tab(sales_client, account)  # now cached
    log_call(user=sales_user, subject="Rang about invoices", related_account=account)
    html = _tab(sales_client, account)
    assert "Rang about invoices" in html and "No past activity." not in html
    past = html.split("Past activity", 1)[1]
    assert "crm-activity--call" in past and ">call</span>" in past and "Call</span>" in past


def test_full_page_forms_are_titled_new_task_and_new_event(sales_client):
    add = reverse("admin:crm_activity_add")
    task = sales_client.get(add, {"type": "task"}).content.decode()
    event = sales_client.get(add, {"type": "event"}).content.decode()
    assert "New Task |" in task and "Task information" not in task
    assert "New Event |" in event and "Event information" not in event
    assert "Add activity" not in task + event
    start = timezone.localtime(next_full_hour())
    assert f'value="{start:%Y-%m-%d}"' in event and f'value="{start:%H:%M:%S}"' in event
    call = sales_client.get(add, {"type": "call", "related_account": 5})
    assert call.status_code == 302
    assert (
        call["Location"] == reverse("admin:crm_activity_compose") + "?type=call&related_account=5"
    )


def test_an_event_saved_with_only_a_subject_gets_the_default_times(sales_client, sales_user):
    response = sales_client.post(
        reverse("admin:crm_activity_add") + "?type=event",
        {"subject": "Catch-up", "assigned_to": sales_user.pk, "description": "", "_save": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Activity.objects.get(subject="Catch-up")
    assert event.start_time == next_full_hour()
    assert event.end_time - event.start_time == datetime.timedelta(hours=1)


def test_the_list_shows_calls_and_filters_them(sales_client, sales_user):
    log_call(user=sales_user, subject="Phoned the bakery")
    TaskFactory(subject="Plain to-do")
    EventFactory(subject="Lunch")
    listing = reverse("admin:crm_activity_changelist")
    calls = sales_client.get(listing, {"type__exact": "call"}).content.decode()
    assert "Phoned the bakery" in calls and "Plain to-do" not in calls and "Lunch" not in calls
    assert '<span class="material-symbols-outlined" aria-hidden="true">call</span>Call' in calls
    tasks = sales_client.get(listing, {"type__exact": "task"}).content.decode()
    assert "Phoned the bakery" in tasks and "Plain to-do" in tasks and "Lunch" not in tasks


def test_a_call_is_a_task_in_the_database():
    from django.db import IntegrityError, transaction

    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=event.pk).update(task_subtype=TaskSubtype.CALL)
