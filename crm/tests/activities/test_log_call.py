"""Log a Call (issue 25, SPEC §10a): a call is a completed task of subtype Call, dated today;
an edit cannot turn a task into a call or back (the subtype is set when logged); the
database keeps calls to tasks."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import Activity
from crm.models.activities import CALL_ONLY_TASKS, ActivityType, TaskStatus, TaskSubtype
from crm.services.activities import log_call, update_activity
from crm.tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_log_call_records_a_completed_call_dated_today(sales_user):
    account = AccountFactory()
    contact = ContactFactory(account=account)
    call = log_call(user=sales_user, subject="Intro call", related_account=account, contact=contact)
    assert (call.type, call.task_subtype, call.status) == (
        ActivityType.TASK,
        TaskSubtype.CALL,
        TaskStatus.COMPLETED,
    )
    assert call.due_date == timezone.localdate() and call.completed_at is not None
    assert (call.kind, call.kind_label, call.assigned_to) == ("call", "Call", sales_user)
    assert Activity.objects.calls().get() == call
    assert call.history.count() == 1 and call.history.first().history_user == sales_user


def test_an_edit_cannot_change_the_subtype(sales_user):
    call = log_call(user=sales_user, subject="Intro call")
    with pytest.raises(BusinessRuleError):
        update_activity(call, user=sales_user, version=call.version, task_subtype="")


def test_an_event_cannot_be_a_call(sales_user):
    event = Activity(
        type=ActivityType.EVENT,
        subject="x",
        assigned_to=sales_user,
        owner=sales_user,
        task_subtype=TaskSubtype.CALL,
        start_time=timezone.now(),
        end_time=timezone.now(),
    )
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert CALL_ONLY_TASKS in refused.value.messages
