"""A deep page of a list asks for its ids first, then its rows (crm.admin.kit.deep_pages):
the same records in the same order as one OFFSET query, without building every row before
the page."""

import pytest
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.admin.kit import deep_pages
from crm.admin.kit.deep_pages import DeepPagePaginator
from crm.models import Account
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(crm_admin):
    names = ["Delta", "Hotel", "Charlie", "Bravo", "Echo", "Alpha", "Golf", "Foxtrot", "Alpha"]
    return [AccountFactory(name=name, owner=crm_admin) for name in names]


def test_a_deep_page_holds_what_the_offset_query_holds(accounts, monkeypatch):
    monkeypatch.setattr(deep_pages, "DEEP_OFFSET", 2)
    rows = Account.objects.select_related("owner").order_by("name", "pk")
    for number in (1, 2, 3):
        plain = list(Paginator(rows, 4).page(number).object_list)
        with CaptureQueriesContext(connection) as queries:
            deep = list(DeepPagePaginator(rows, 4).page(number).object_list)
        assert [a.pk for a in deep] == [a.pk for a in plain], number
        assert deep[0].owner.email  # the list's joins still apply (no query per row)
        expected = 2 if number == 1 else 3  # the count, then the rows (ids first if deep)
        assert len(queries) == expected, [q["sql"] for q in queries]


def test_the_accounts_list_last_page_reads_ids_then_rows(crm_admin_client, accounts, monkeypatch):
    monkeypatch.setattr(deep_pages, "DEEP_OFFSET", 4)
    monkeypatch.setattr(admin.site._registry[Account], "list_per_page", 4)
    url = reverse("admin:crm_account_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = crm_admin_client.get(url, {"view": "all", "p": "3"})
    shown = [a.name for a in response.context["cl"].result_list]
    assert shown == ["Hotel"]  # the ninth account by name: the last page
    assert response.content.decode().count('<tr class="data-row">') == 1
    ids = [q["sql"] for q in queries if q["sql"].startswith('SELECT "crm_account"."id" AS "pk"')]
    assert len(ids) == 1 and "OFFSET 8" in ids[0]
