"""crm.services.activities: create, update, complete, reschedule; lead conversion moves a
lead's activities inside its transaction."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Activity, Lead
from crm.models.activities import TWO_WHATS
from crm.services.activities import (
    ALREADY_COMPLETED,
    NOT_ALLOWED,
    NOT_AN_EVENT,
    complete_task,
    create_activity,
    reschedule_event,
    update_activity,
)
from crm.services.leads import convert_lead
from crm.tests.factories import (
    AccountFactory,
    CampaignFactory,
    EventFactory,
    LeadFactory,
    OpportunityFactory,
    TaskFactory,
    UserFactory,
)
from crm.tests.leads.conftest import set_status

pytestmark = pytest.mark.django_db


def test_create_defaults_the_assignee_and_owner_to_the_user(sales_user):
    account = AccountFactory()
    task = create_activity(
        user=sales_user,
        type="task",
        subject="Follow up on proposal",
        due_date=timezone.localdate(),
        related_account=account,
    )
    assert (task.owner, task.assigned_to, task.what) == (sales_user, sales_user, account)
    assert task.history.first().history_user == sales_user


def test_create_refuses_two_whats_with_the_users_message(sales_user):
    account = AccountFactory()
    with pytest.raises(BusinessRuleError) as refused:
        create_activity(
            user=sales_user,
            type="task",
            subject="Call",
            related_account=account,
            related_opportunity=OpportunityFactory(account=account),
        )
    assert TWO_WHATS in refused.value.messages
    assert not Activity.objects.exists()


def test_create_refuses_an_event_without_times(sales_user):
    with pytest.raises(BusinessRuleError):
        create_activity(user=sales_user, type="event", subject="Lunch")


def test_update_replaces_the_what_and_checks_the_version(sales_user):
    account = AccountFactory()
    task = TaskFactory(owner=sales_user, related_account=account)
    campaign = CampaignFactory()
    update_activity(task, user=sales_user, version=1, related_campaign=campaign)
    task.refresh_from_db()
    assert (task.what, task.related_account, task.version) == (campaign, None, 2)
    with pytest.raises(ConcurrencyError):
        update_activity(task, user=sales_user, version=1, subject="Stale")


def test_complete_task(sales_user):
    task = TaskFactory(owner=sales_user)
    complete_task(task, user=sales_user, version=1)
    task.refresh_from_db()
    assert task.status == "completed" and task.completed_at is not None
    with pytest.raises(BusinessRuleError, match=ALREADY_COMPLETED.format(activity=task)):
        complete_task(task, user=sales_user, version=task.version)


def test_colleagues_complete_my_task_but_not_without_the_permission(sales_user, crm_admin):
    task = TaskFactory(owner=sales_user)
    reader = UserFactory()
    reader.groups.clear()
    with pytest.raises(BusinessRuleError, match=NOT_ALLOWED):
        complete_task(task, user=reader, version=1)
    complete_task(task, user=UserFactory(), version=1)


def test_reschedule_event(sales_user):
    event = EventFactory(owner=sales_user)
    start = event.start_time + datetime.timedelta(days=1)
    reschedule_event(
        event, start=start, end=start + datetime.timedelta(hours=2), user=sales_user, version=1
    )
    event.refresh_from_db()
    assert (event.start_time, event.activity_date, event.version) == (start, start, 2)


def test_reschedule_refuses_stale_versions_end_before_start_and_tasks(sales_user):
    event = EventFactory(owner=sales_user)
    start = event.start_time
    with pytest.raises(ConcurrencyError):
        reschedule_event(event, start=start, end=start, user=sales_user, version=7)
    with pytest.raises(BusinessRuleError):
        reschedule_event(
            event,
            start=start,
            end=start - datetime.timedelta(hours=1),
            user=sales_user,
            version=1,
        )
    task = TaskFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match=NOT_AN_EVENT.format(activity=task)):
        reschedule_event(task, start=start, end=start, user=sales_user, version=1)


# --- lead conversion -----------------------------------------------------------------------
@pytest.fixture
def worked_lead(sales_user):
    lead = set_status(LeadFactory(owner=sales_user, company="Brightside"), "qualified")
    campaign = CampaignFactory()
    plain = TaskFactory(owner=sales_user, lead=lead, subject="Call back")
    from_campaign = EventFactory(
        owner=sales_user, lead=lead, related_campaign=campaign, subject="Webinar"
    )
    return lead, plain, from_campaign, campaign


def test_conversion_moves_the_leads_activities(worked_lead, sales_user):
    lead, plain, from_campaign, campaign = worked_lead
    result = convert_lead(lead, user=sales_user, opportunity_name="Brightside website")
    plain.refresh_from_db()
    from_campaign.refresh_from_db()
    assert (plain.who, plain.what) == (result.contact, result.opportunity)
    assert (from_campaign.who, from_campaign.what) == (result.contact, campaign)
    assert not Activity.objects.filter(lead=lead).exists()
    assert plain.history.first().history_user == sales_user


def test_conversion_without_opportunity_keeps_activities_unrelated(worked_lead, sales_user):
    lead, plain, _, _ = worked_lead
    result = convert_lead(lead, user=sales_user, opportunity_name="", create_opportunity=False)
    plain.refresh_from_db()
    assert (plain.who, plain.what) == (result.contact, None)


def test_a_fault_after_moving_activities_rolls_them_back(worked_lead, sales_user, monkeypatch):
    lead, plain, _, _ = worked_lead

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Lead, "save", broken_save)
    with pytest.raises(DatabaseError):
        convert_lead(lead, user=sales_user, opportunity_name="Shop")
    plain.refresh_from_db()
    assert (plain.lead_id, plain.contact_id, plain.what, plain.version) == (lead.pk, None, None, 1)
