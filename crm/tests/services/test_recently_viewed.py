"""Recently Viewed: a record page GET remembers (user, record, time) in one upsert; the list
keeps each user's newest rows only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Account, Contact, RecentlyViewed
from crm.selectors.recently_viewed import recent_ids, recent_records
from crm.services import recently_viewed
from crm.tests.factories import AccountFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_opening_a_record_page_puts_it_on_top_of_recently_viewed(sales_client, sales_user):
    first, second = AccountFactory(owner=sales_user), AccountFactory(owner=sales_user)
    for account in (first, second, first):
        assert sales_client.get(f"/crm/account/{account.pk}/change/").status_code == 200
    assert recent_ids(user=sales_user, model=Account) == [first.pk, second.pk]
    assert RecentlyViewed.objects.filter(user=sales_user).count() == 2


def test_a_post_or_an_add_form_remembers_nothing(sales_client, sales_user):
    assert sales_client.get("/crm/account/add/").status_code == 200
    assert not RecentlyViewed.objects.exists()


def test_recording_a_view_is_one_query(sales_user):
    account = AccountFactory(owner=sales_user)
    recently_viewed.record_view(user=sales_user, record=account)  # warms the type cache
    with CaptureQueriesContext(connection) as queries:
        recently_viewed.record_view(user=sales_user, record=account)
    assert len(queries) == 1


def test_a_trimming_view_costs_one_more_query(sales_user, monkeypatch):
    monkeypatch.setattr(recently_viewed, "TRIM_EVERY", 1)
    account = AccountFactory(owner=sales_user)
    recently_viewed.record_view(user=sales_user, record=account)  # warms the type cache
    with CaptureQueriesContext(connection) as queries:
        recently_viewed.record_view(user=sales_user, record=account)
    assert len(queries) == 2  # the upsert and one DELETE … NOT IN (newest)


def test_each_user_keeps_only_the_newest_rows(sales_user, monkeypatch):
    monkeypatch.setattr(recently_viewed, "TRIM_EVERY", 1)
    monkeypatch.setattr(recently_viewed, "RECENT_PER_USER", 3)
    accounts = AccountFactory.create_batch(5, owner=sales_user)
    for account in accounts:
        recently_viewed.record_view(user=sales_user, record=account)
    newest = [a.pk for a in reversed(accounts)][:3]
    assert recent_ids(user=sales_user, model=Account) == newest


def test_recent_records_across_objects_respect_the_kinds_asked_for(sales_user):
    account = AccountFactory(owner=sales_user)
    contact = ContactFactory(account=account)
    other = UserFactory()
    recently_viewed.record_view(user=sales_user, record=account)
    recently_viewed.record_view(user=sales_user, record=contact)
    recently_viewed.record_view(user=other, record=account)
    assert recent_records(user=sales_user) == [contact, account]
    assert recent_records(user=sales_user, models=[Account]) == [account]
    assert recent_records(user=sales_user, models=[Contact], limit=1) == [contact]
