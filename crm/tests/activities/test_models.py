"""Activity integrity lives in the database: one what, one who, an event's times."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.models import Activity
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS, at_most_one
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    EventFactory,
    LeadFactory,
    OpportunityFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(**fields)


def test_two_whats_are_refused_by_the_database(sales_user):
    account = AccountFactory()
    opportunity = OpportunityFactory(account=account)
    _refused(
        type="task",
        subject="Call",
        owner=sales_user,
        assigned_to=sales_user,
        related_account=account,
        related_opportunity=opportunity,
    )


def test_two_whos_are_refused_by_the_database(sales_user):
    _refused(
        type="task",
        subject="Call",
        owner=sales_user,
        assigned_to=sales_user,
        contact=ContactFactory(),
        lead=LeadFactory(),
    )


def test_event_without_end_is_refused(sales_user):
    _refused(
        type="event",
        subject="Meeting",
        owner=sales_user,
        assigned_to=sales_user,
        start_time=timezone.now(),
    )


def test_event_ending_before_it_starts_is_refused(sales_user):
    start = timezone.now()
    _refused(
        type="event",
        subject="Meeting",
        owner=sales_user,
        assigned_to=sales_user,
        start_time=start,
        end_time=start - datetime.timedelta(minutes=1),
    )


def test_task_with_times_is_refused_by_the_database(sales_user):
    task = TaskFactory(owner=sales_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=task.pk).update(start_time=timezone.now())


def test_what_and_who_properties():
    contact = ContactFactory()
    task = TaskFactory(related_account=contact.account, contact=contact)
    assert task.what == contact.account
    assert task.who == contact
    assert TaskFactory().what is None and TaskFactory().who is None


def test_the_constraint_covers_every_declared_link():
    condition = str(at_most_one(WHAT_FIELDS))
    assert all(field in condition for field in WHAT_FIELDS)
    assert all(field in str(at_most_one(WHO_FIELDS)) for field in WHO_FIELDS)


def test_completing_a_task_stamps_completed_at_and_reopening_clears_it():
    task = TaskFactory()
    task.status = "completed"
    task.save()
    assert task.completed_at is not None
    task.status = "in_progress"
    task.save()
    assert task.completed_at is None


def test_activity_date_is_the_event_start_or_the_task_due_day():
    event = EventFactory()
    assert event.activity_date == event.start_time
    task = TaskFactory(due_date=datetime.date(2026, 3, 5))
    assert timezone.localtime(task.activity_date).date() == datetime.date(2026, 3, 5)
