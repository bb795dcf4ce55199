"""The trigram indexes (migration 0006) serve the conversion page's look-alike accounts and
the command palette's search on PostgreSQL; SQLite keeps plain scans."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.selectors.leads import similar_accounts
from crm.selectors.search import SEARCHED, search_groups, search_records
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def _plan(sql: str, params, *, bitmap_only: bool = False) -> str:
    """The plan with scans disfavoured (tiny tables: force the planner's hand). ``bitmap_only``
    also rules out plain index scans, which on a tiny table walk the ordering index and filter
    every row: then only an index that serves the condition avoids a Seq Scan."""
    switches = ["enable_seqscan"] + (["enable_indexscan"] if bitmap_only else [])
    with connection.cursor() as cursor:
        for switch in switches:
            cursor.execute(f"SET {switch} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        for switch in switches:
            cursor.execute(f"SET {switch} = on")
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


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("crm_case", "subject"),
        ("crm_quote", "name"),
        ("crm_payment", "transaction_id"),
        ("crm_knowledgearticle", "title"),
        ("crm_solution", "title"),
        ("crm_product", "name"),
        ("crm_product", "product_code"),
        ("crm_campaign", "name"),
        ("crm_activity", "subject"),
        ("crm_asset", "name"),
        ("crm_asset", "serial_number"),
        ("crm_user", "first_name"),
        ("crm_user", "last_name"),
        ("crm_user", "email"),
    ],
)
def test_icontains_on_newly_searched_fields_uses_an_index(postgres_only, table, column):
    """Migration 0019: the palette and /find/ search these since issue 23."""
    sql = f'SELECT id FROM {table} WHERE UPPER("{column}"::text) LIKE UPPER(%s)'
    assert f"{table}_{column}_trgm" in _plan(sql, ["%nova%"])


DISABLED_COST = "cost=10000000000"
SEARCH_TERMS = {
    "words": "nova labs",
    "phone": "(555) 867-5309",
    "case number": "CS-000005",
    "order number": "ord-7",
}


@pytest.mark.parametrize("term", SEARCH_TERMS.values(), ids=SEARCH_TERMS.keys())
def test_every_search_query_uses_an_index(postgres_only, term):
    """The selector's own queries, as sent (the /find/ form: counted): none scans a table."""
    with CaptureQueriesContext(connection) as captured:
        search_groups(term)
    plans = [_plan(query["sql"], None, bitmap_only=True) for query in captured.captured_queries]
    assert plans
    for plan in plans:
        # A disabled scan is still chosen when no index serves the condition: PostgreSQL
        # (before 18) marks it with a prohibitive cost rather than refusing it.
        assert "Seq Scan" not in plan and DISABLED_COST not in plan, plan


def test_phone_digits_use_their_index(postgres_only):
    with CaptureQueriesContext(connection) as captured:
        search_groups("555 867 5309")
    plans = " ".join(
        _plan(query["sql"], None, bitmap_only=True) for query in captured.captured_queries
    )
    for index in ("crm_account_phone", "crm_contact_mobile", "crm_lead_phone"):
        assert f"{index}_digits_trgm" in plans, index
    assert "crm_case_subject_trgm" in plans  # the words of the term are searched too


def test_every_searched_field_is_indexed(postgres_only):
    """A field added to SEARCHED without its trigram index fails here, not in production."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        indexes = {row[0] for row in cursor.fetchall()}
    for spec in SEARCHED:
        table = spec.model._meta.db_table
        for field in spec.fields:
            assert f"{table}_{field}_trgm" in indexes, (table, field)
        for field in spec.phones:
            assert f"{table}_{field}_digits_trgm" in indexes, (table, field)


def test_search_works_without_trigram_indexes(crm_admin):
    AccountFactory(owner=crm_admin, name="Nova Labs")
    found = dict(search_records("nova LABS"))
    assert [row["title"] for rows in found.values() for row in rows] == ["Nova Labs"]


def test_a_phone_term_matches_kinds_with_phones_by_their_digits_alone():
    """'(555) 000-1234' on contacts is one index lookup on the digits, not also a LIKE over
    every name and email (200 ms at the SPEC §10 size); kinds without phones keep the words."""
    from crm.selectors.search import _matching, parse_term

    term = parse_term("(555) 000-1234")
    specs = {spec.model._meta.model_name: spec for spec in SEARCHED}
    contacts = str(_matching(specs["contact"], term).query).split("WHERE", 1)[1].split("ORDER")[0]
    assert "5550001234" in contacts and "first_name" not in contacts and "email" not in contacts
    cases = str(_matching(specs["case"], term).query).split("WHERE", 1)[1]
    assert "subject" in cases.lower()


# Tables the SPEC §10 set keeps to a few hundred rows, whose long texts a trigram index would
# make large: API tokens, the knowledge base's articles and solutions.
UNINDEXED_LIST_SEARCH = {
    ("crm_apitoken", "name"),
    ("crm_apitoken", "token_key"),
    ("crm_knowledgearticle", "summary"),
    ("crm_knowledgearticle", "body"),
    ("crm_solution", "details"),
}


def _searched_columns():
    """(table, column) of every plain search field of every admin list."""
    for model, model_admin in admin.site._registry.items():
        for name in map(str, model_admin.search_fields):
            if name.startswith(("^", "=", "@")):
                continue
            *links, field_name = name.split("__")
            target = model
            for link in links:
                target = target._meta.get_field(link).related_model
            yield target._meta.db_table, target._meta.get_field(field_name).column


def test_every_list_search_field_is_indexed(postgres_only):
    """Migration 0031: a list searched by a field with no trigram index reads its whole table
    (the activity list's location: 84 ms for "call" on 200,000 activities)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%%trgm%%'")
        indexes = cursor.fetchall()
    # A text column's cast to text is no cast: PostgreSQL writes upper(col) for it.
    forms = ("upper(({})::text)", "upper({})")
    missing = {
        (table, column)
        for table, column in _searched_columns()
        if not any(
            t == table and any(form.format(column) in d.lower() for form in forms)
            for t, d in indexes
        )
    }
    assert missing == UNINDEXED_LIST_SEARCH
