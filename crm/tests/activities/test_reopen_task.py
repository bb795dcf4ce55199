"""Undo of a completed task (crm.services.activities.reopen_task): version-checked, back to
the status it had, refused on an open task, an event or a non-open status."""

import pytest

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Activity
from crm.services.activities import complete_task, reopen_task
from crm.tests.factories import EventFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_reopen_restores_the_previous_status_and_clears_completed_at(sales_user):
    task = TaskFactory(owner=sales_user, status="in_progress")
    complete_task(task, user=sales_user, version=task.version)
    assert task.completed_at is not None
    reopened = reopen_task(task, user=sales_user, version=task.version, status="in_progress")
    stored = Activity.objects.get(pk=task.pk)
    assert (stored.status, stored.completed_at) == ("in_progress", None)
    assert reopened.version == stored.version == task.version


def test_reopen_is_version_checked_and_changes_nothing_when_stale(sales_user):
    task = TaskFactory(owner=sales_user)
    complete_task(task, user=sales_user, version=task.version)
    with pytest.raises(ConcurrencyError):
        reopen_task(task, user=sales_user, version=task.version - 1)
    assert Activity.objects.get(pk=task.pk).status == "completed"


@pytest.mark.parametrize("status", ["completed", "bogus"])
def test_reopen_refuses_a_status_that_is_not_open(sales_user, status):
    task = TaskFactory(owner=sales_user, status="completed")
    with pytest.raises(BusinessRuleError):
        reopen_task(task, user=sales_user, version=task.version, status=status)
    assert Activity.objects.get(pk=task.pk).status == "completed"


def test_reopen_refuses_an_open_task_and_an_event(sales_user):
    task = TaskFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="not completed"):
        reopen_task(task, user=sales_user, version=task.version)
    event = EventFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="only tasks"):
        reopen_task(event, user=sales_user, version=event.version)
