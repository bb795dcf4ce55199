"""The trigram indexes (migration 0006) serve the conversion page's look-alike accounts and
the command palette's search on PostgreSQL; SQLite keeps plain scans."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.selectors.leads import similar_accounts
from crm.selectors.search import search_records
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # tiny tables: force the planner's hand
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    return plan


def test_look_alike_accounts_use_the_trigram_index(postgres_only, crm_admin):
    AccountFactory(owner=crm_admin, name="Brightside Bakery")
    AccountFactory(owner=crm_admin, name="Harbor Dental")
    with CaptureQueriesContext(connection) as captured:
        found = similar_accounts("Bright Side Bakery Ltd")
    assert [account.name for account in found] == ["Brightside Bakery"]
    query = captured.captured_queries[-1]["sql"]
    assert "%%" not in query and " % " in query  # the indexable operator, not similarity() >=
    assert 'UPPER("crm_account"."name") % (UPPER(' in query
    sql = "SELECT id FROM crm_account WHERE UPPER(name) %% UPPER(%s)"
    assert "crm_account_name_trgm" in _plan(sql, ["Bright Side Bakery Ltd"])


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("crm_account", "name"),
        ("crm_account", "website"),
        ("crm_contact", "last_name"),
        ("crm_contact", "email"),
        ("crm_lead", "company"),
        ("crm_lead", "email"),
        ("crm_opportunity", "name"),
    ],
)
def test_icontains_on_searched_fields_uses_an_index(postgres_only, table, column):
    sql = f'SELECT id FROM {table} WHERE UPPER("{column}"::text) LIKE UPPER(%s)'
    assert f"{table}_{column}_trgm" in _plan(sql, ["%nova%"])


def test_search_works_without_trigram_indexes(crm_admin):
    AccountFactory(owner=crm_admin, name="Nova Labs")
    found = dict(search_records("nova LABS"))
    assert [row["title"] for rows in found.values() for row in rows] == ["Nova Labs"]
