"""Command palette search: a capped number of results per model, found through the trigram
indexes on PostgreSQL, in a number of queries that does not grow with the matches."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Account
from crm.selectors.search import PER_MODEL
from crm.tests.factories import AccountFactory, ContactFactory, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/search/"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Unfold caches results per user id and term; ids repeat between tests on SQLite."""
    cache.clear()


def accounts(owner, count, start=0):
    Account.objects.bulk_create(
        Account(name=f"Nova Studio {i:04d}", owner=owner) for i in range(start, start + count)
    )


def palette(client, term):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, {"s": term})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_results_are_capped_per_model_and_link_to_records(crm_admin_client, crm_admin):
    accounts(crm_admin, 12)
    ContactFactory(first_name="Ada", last_name="Novaković", owner=crm_admin)
    _, html = palette(crm_admin_client, "nova")
    assert len(set(re.findall(r"/crm/account/(\d+)/change/", html))) == PER_MODEL
    assert "Novaković" in html
    first = Account.objects.filter(name__startswith="Nova Studio").order_by("name").first()
    assert f"/crm/account/{first.pk}/change/" in html


def test_every_word_must_match(crm_admin_client, crm_admin):
    ContactFactory(first_name="Ada", last_name="Lovelace", owner=crm_admin)
    ContactFactory(first_name="Ada", last_name="Byron", owner=crm_admin)
    _, html = palette(crm_admin_client, "ada love")
    assert "Lovelace" in html and "Byron" not in html


def test_query_count_does_not_grow_with_matches(crm_admin_client, crm_admin):
    accounts(crm_admin, 3)
    few, _ = palette(crm_admin_client, "studio")
    accounts(crm_admin, 297, start=3)
    many, _ = palette(crm_admin_client, "studio 0")  # a new term: Unfold caches per term
    assert few == many <= 12


def test_only_models_the_user_may_view(client):
    outsider = UserFactory()
    outsider.groups.clear()
    LeadFactory(company="Nova Bakery", owner=outsider)
    client.force_login(outsider)
    _, html = palette(client, "bakery")
    assert "Nova Bakery" not in html


def test_trigram_indexes_serve_icontains(postgres_only, crm_admin):
    AccountFactory(owner=crm_admin, name="Nova Labs")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM crm_account WHERE UPPER(name::text) LIKE UPPER('%%ova%%')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "crm_account_name_trgm" in plan
