"""A searched list with few matches sorts them (crm.admin.kit.search_order): the same rows in
the same order and the same queries, with an ORDER BY PostgreSQL cannot read off the sort
index (so it does not walk it hoping to meet the matches early)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.admin.kit import search_order
from crm.models import Account
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db
ACCOUNTS = reverse("admin:crm_account_changelist")
NAMES = ["Nova Labs", "Alpha Nova", "nova bakery", "Zeta Nova", "Beta", "Novak & Sons"]


@pytest.fixture
def accounts(crm_admin):
    for name in NAMES:
        AccountFactory(name=name, owner=crm_admin)


def page(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ACCOUNTS, {"view": "all", **query})
    rows = [account.name for account in response.context["cl"].result_list]
    [page_query] = [q["sql"] for q in queries if q["sql"].startswith('SELECT "crm_account"."id"')]
    return rows, page_query, len(queries)


def test_few_matches_are_sorted_the_same_without_the_sort_index(crm_admin_client, accounts):
    rows, sql, count = page(crm_admin_client, q="nova")
    # The database's own name order (its collation decides where "nova bakery" goes).
    assert rows == [a.name for a in Account.objects.filter(name__icontains="nova").order_by("name")]
    assert len(rows) == 5
    assert "|| '')" in sql
    descending, sql, same_count = page(crm_admin_client, q="nova", o="-1")
    assert descending == rows[::-1] and "|| '') DESC" in sql and same_count == count


def test_a_page_of_matches_is_chosen_by_its_keys_alone_then_joined(
    crm_admin_client, accounts, monkeypatch
):
    monkeypatch.setattr(admin.site._registry[Account], "list_per_page", 2)
    first, _sql, first_count = page(crm_admin_client, q="nova", o="-1")
    second, sql, count = page(crm_admin_client, q="nova", o="-1", p="2")
    assert (
        len(first) == 2
        and second
        == [a.name for a in Account.objects.filter(name__icontains="nova").order_by("-name")][2:4]
    )
    outer, ids = sql.split(' IN (SELECT U0."id"', 1)
    assert "JOIN" in outer and "JOIN" not in ids  # the owner joined to two rows only
    assert "|| '') DESC" in ids and "LIMIT 2 OFFSET 2)" in ids
    assert count == first_count


def test_many_matches_no_search_or_another_order_keep_the_plain_order(
    crm_admin_client, accounts, monkeypatch
):
    page(crm_admin_client)  # the first visit remembers the list's view
    _rows, plain, _count = page(crm_admin_client)  # not searched
    assert "|| '')" not in plain
    few, _sql, count = page(crm_admin_client, q="nova")
    monkeypatch.setattr(search_order, "FEW_MATCHES", 3)
    rows, sql, searched_count = page(crm_admin_client, q="nova")  # 5 matches: many
    assert "|| '')" not in sql and rows == few and searched_count == count


def test_only_a_required_text_column_of_the_record_is_re_expressed():
    accounts = Account.objects.all()
    assert search_order.sorted_among_matches(accounts.order_by("created_at", "pk")) is None
    assert search_order.sorted_among_matches(accounts.order_by("owner__email")) is None
    assert search_order.sorted_among_matches(accounts.order_by("phone")) is not None
    assert search_order.sorted_among_matches(accounts.distinct().order_by("name")) is None
