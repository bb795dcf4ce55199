"""The Activity tab: roll-up exactly once, upcoming vs past, paging, constant queries, the
checkbox that completes a task, and New Task / New Event pre-filled from the record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.admin.kit.activity_tab import admin_url
from crm.models import Activity
from crm.models.list_views import LastListView
from crm.selectors.activities import PAST_PAGE_SIZE, timeline
from crm.tests.factories import (
    AccountFactory,
    CampaignFactory,
    ContactFactory,
    EventFactory,
    LeadFactory,
    OpportunityFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
# Session, user, permissions, the record (what/who joined), highlights, history, lookups.
ACTIVITY_RECORD_QUERIES = 10  # + the Recently Viewed upsert


def _ids(rows):
    return [row.pk for row in rows]


def test_account_timeline_rolls_up_contacts_and_opportunities_exactly_once():
    account = AccountFactory()
    contact = ContactFactory(account=account)
    opportunity = OpportunityFactory(account=account)
    on_account = TaskFactory(related_account=account)
    on_opportunity = TaskFactory(related_opportunity=opportunity)
    on_contact = TaskFactory(contact=contact)
    # Matches two roll-up paths (its contact and its opportunity) — still shown once.
    both = EventFactory(contact=contact, related_opportunity=opportunity)
    TaskFactory(related_account=AccountFactory())  # another client's
    TaskFactory(related_campaign=CampaignFactory())
    data = timeline(account)
    shown = _ids(data.upcoming) + _ids(data.past)
    assert sorted(shown) == sorted([on_account.pk, on_opportunity.pk, on_contact.pk, both.pk])


def test_contact_lead_opportunity_and_campaign_timelines_show_their_own():
    contact, lead = ContactFactory(), LeadFactory()
    opportunity, campaign = OpportunityFactory(), CampaignFactory()
    mine = {
        contact: TaskFactory(contact=contact),
        lead: TaskFactory(lead=lead),
        opportunity: TaskFactory(related_opportunity=opportunity),
        campaign: TaskFactory(related_campaign=campaign),
    }
    for record, activity in mine.items():
        assert _ids(timeline(record).upcoming) == [activity.pk]


def test_upcoming_holds_open_tasks_and_future_events_past_the_rest():
    account = AccountFactory()
    now = timezone.now()
    overdue = TaskFactory(
        related_account=account, due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    done = TaskFactory(related_account=account, status="completed")
    future = EventFactory(
        related_account=account,
        start_time=now + datetime.timedelta(hours=2),
        end_time=now + datetime.timedelta(hours=3),
    )
    over = EventFactory(
        related_account=account,
        start_time=now - datetime.timedelta(days=2),
        end_time=now - datetime.timedelta(days=2),
    )
    data = timeline(account, now=now)
    assert _ids(data.upcoming) == [overdue.pk, future.pk]
    assert set(_ids(data.past)) == {done.pk, over.pk}


def test_past_is_paged_after_fifty():
    account = AccountFactory()
    start = timezone.now() - datetime.timedelta(days=400)
    for day in range(PAST_PAGE_SIZE + 3):
        when = start + datetime.timedelta(days=day)
        EventFactory(related_account=account, start_time=when, end_time=when)
    first = timeline(account)
    assert len(first.past) == PAST_PAGE_SIZE and first.next_past_offset == PAST_PAGE_SIZE
    second = timeline(account, past_offset=first.next_past_offset)
    assert len(second.past) == 3 and second.next_past_offset is None


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_account_page_activity_tab_queries_are_constant(crm_admin_client):
    account = AccountFactory()
    contact = ContactFactory(account=account)
    opportunity = OpportunityFactory(account=account)
    url = f"/crm/account/{account.pk}/change/?tab=activity"

    def add(n):
        for _ in range(n):
            TaskFactory(related_account=account)
            TaskFactory(contact=contact, status="completed")
            EventFactory(related_opportunity=opportunity)

    add(1)
    _page_queries(crm_admin_client, url)  # warm the per-process caches (content types, …)
    few, _ = _page_queries(crm_admin_client, url)
    add(12)
    many, response = _page_queries(crm_admin_client, url)
    assert few == many
    html = response.content.decode()
    assert 'data-tab="activity"' in html and "Upcoming &amp; Overdue" in html
    assert html.count('class="crm-activity__check"') == 13


def test_the_tab_offers_new_task_and_event_prefilled(sales_client):
    contact = ContactFactory()
    html = sales_client.get(f"/crm/contact/{contact.pk}/change/?tab=activity").content.decode()
    for kind in ("task", "event", "call"):  # the composer, with the record filled in
        assert f"/crm/activity/compose/?type={kind}&amp;contact={contact.pk}" in html


def test_the_checkbox_completes_the_task_and_returns_to_the_tab(sales_client, sales_user):
    account = AccountFactory()
    task = TaskFactory(owner=sales_user, related_account=account, subject="Send proposal")
    back = f"/crm/account/{account.pk}/change/#activity"
    response = sales_client.post(f"/crm/activity/{task.pk}/complete/", {"version": 1, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    task.refresh_from_db()
    assert task.status == "completed"


def test_a_stale_checkbox_is_refused_and_an_outside_next_is_ignored(sales_client, sales_user):
    task = TaskFactory(owner=sales_user)
    response = sales_client.post(
        f"/crm/activity/{task.pk}/complete/",
        {"version": 9, "next": "https://evil.example/"},
        follow=True,
    )
    assert "modified by another user" in response.content.decode()
    assert response.redirect_chain[0][0] == f"/crm/activity/{task.pk}/change/"
    assert Activity.objects.get(pk=task.pk).status == "not_started"


def test_complete_needs_a_post_and_a_version(sales_client, sales_user):
    task = TaskFactory(owner=sales_user)
    assert sales_client.get(f"/crm/activity/{task.pk}/complete/").status_code == 405
    assert sales_client.post(f"/crm/activity/{task.pk}/complete/", {}).status_code == 400


@pytest.mark.parametrize("kind", ["contact", "lead", "opportunity", "campaign"])
def test_other_record_pages_activity_tab_queries_are_constant(crm_admin_client, kind):
    factories = {
        "contact": ContactFactory,
        "lead": LeadFactory,
        "opportunity": OpportunityFactory,
        "campaign": CampaignFactory,
    }
    field = {"opportunity": "related_opportunity", "campaign": "related_campaign"}.get(kind, kind)
    record = factories[kind]()
    url = f"/crm/{kind}/{record.pk}/change/?tab=activity"

    def add(n):
        for _ in range(n):
            TaskFactory(**{field: record})
            EventFactory(**{field: record})

    add(1)
    _page_queries(crm_admin_client, url)
    few, _ = _page_queries(crm_admin_client, url)
    add(10)
    many, response = _page_queries(crm_admin_client, url)
    assert few == many
    assert response.content.decode().count('class="crm-activity crm-activity--') == 22


def test_activity_list_and_record_queries_are_constant(crm_admin_client, crm_admin):
    """The list reads each kind of linked record on the page in one query of its own
    (``list_prefetch_related``): the queries grow with the kinds shown, never with the rows."""
    account = AccountFactory()
    TaskFactory(related_account=account, owner=crm_admin)
    _page_queries(crm_admin_client, "/crm/activity/")
    one_kind, _ = _page_queries(crm_admin_client, "/crm/activity/")

    def add(rows):
        for _ in range(rows):
            TaskFactory(related_account=AccountFactory(), contact=ContactFactory())
            EventFactory(related_opportunity=OpportunityFactory(), lead=LeadFactory())

    add(1)
    four_kinds, _ = _page_queries(crm_admin_client, "/crm/activity/")
    add(10)
    many, response = _page_queries(crm_admin_client, "/crm/activity/")
    assert four_kinds == one_kind + 3 == many  # + opportunities, contacts, leads
    html = response.content.decode()
    assert html.count(f'href="/crm/account/{account.pk}/change/"') == 1
    task = Activity.objects.first()
    _page_queries(crm_admin_client, f"/crm/activity/{task.pk}/change/")  # warm the caches
    record, response = _page_queries(crm_admin_client, f"/crm/activity/{task.pk}/change/")
    assert record == ACTIVITY_RECORD_QUERIES and "activity-group" not in response.content.decode()


def test_inactive_records_keep_their_timeline_but_take_no_new_activities(sales_client):
    account = AccountFactory(is_active=False)
    TaskFactory(related_account=account, subject="Old call")
    html = sales_client.get(f"/crm/account/{account.pk}/change/?tab=activity").content.decode()
    assert "Old call" in html and "/crm/activity/add/" not in html


def test_an_items_links_are_the_records_pages(crm_admin):
    """crm.admin.kit.activity_tab.admin_url: Django's reverse, worked out once per kind."""
    account = AccountFactory(owner=crm_admin)
    task = TaskFactory(related_account=account, owner=crm_admin)
    for record in (account, task, account, task):
        expected = reverse(f"admin:crm_{record._meta.model_name}_change", args=[record.pk])
        assert admin_url(record) == expected
    assert admin_url(LastListView(pk=5)) is None  # no admin page
