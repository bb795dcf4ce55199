"""A list's search over a linked record's field asks the linked table first
(crm.admin.kit.linked_search): the same matches as Django's one-query search, with an OR the
database can answer from its indexes."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.admin.kit import linked_search
from crm.models import Case, Contact, Opportunity, Order, Payment
from crm.services.payments import log_payment
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    ContractFactory,
    OrderFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db
CONTACTS = reverse("admin:crm_contact_changelist")


@pytest.fixture
def people(crm_admin):
    smithy = AccountFactory(name="Smithy Works", owner=crm_admin)
    other = AccountFactory(name="Orbit", owner=crm_admin)
    return {
        "by account": ContactFactory(first_name="Ann", last_name="Lee", account=smithy),
        "by name": ContactFactory(first_name="Bob", last_name="Smith", account=other),
        "by email": ContactFactory(first_name="Cy", last_name="Ng", email="cy@smith.example"),
        "own name too": ContactFactory(first_name="Di", last_name="Smithers", account=smithy),
        "neither": ContactFactory(first_name="Ed", last_name="Jones", account=other),
    }


def djangos(term: str, model=Contact):
    """What Django's own ModelAdmin search finds."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    queryset, _ = admin.ModelAdmin.get_search_results(
        model_admin, request, model.objects.all(), term
    )
    return set(queryset.values_list("pk", flat=True))


def ours(term: str, model=Contact):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    queryset, duplicates = model_admin.get_search_results(request, model.objects.all(), term)
    return set(queryset.values_list("pk", flat=True)), duplicates


@pytest.mark.parametrize("term", ["smith", "SMITH works", '"Smithy Works"', "orbit ed", "zzz"])
def test_the_same_matches_as_djangos_search(people, term):
    found, duplicates = ours(term)
    assert found == djangos(term) and duplicates is False
    if term == "smith":
        assert found == {c.pk for key, c in people.items() if key != "neither"}


def test_the_linked_table_is_asked_first_and_the_list_query_has_no_join(people):
    with CaptureQueriesContext(connection) as queries:
        found, _ = ours("smith")
    [accounts, contacts] = [q["sql"] for q in queries]
    assert 'FROM "crm_account"' in accounts
    assert '"crm_account"' not in contacts and '"account_id" IN' in contacts
    assert len(found) == 4


def test_many_linked_matches_search_the_plain_way(people, monkeypatch):
    monkeypatch.setattr(linked_search, "LINKED_MATCHES", 0)
    with CaptureQueriesContext(connection) as queries:
        found, _ = ours("smith")
    assert found == djangos("smith")
    assert 'JOIN "crm_account"' in queries[-1]["sql"]


def test_the_list_page_finds_them(crm_admin_client, people):
    response = crm_admin_client.get(CONTACTS, {"view": "all", "q": "smith"})
    names = {str(c) for c in response.context["cl"].result_list}
    assert names == {"Ann Lee", "Bob Smith", "Cy Ng", "Di Smithers"}


def test_other_lists_keep_their_matches(crm_admin):
    for model in (Opportunity, Case, Payment):  # payments search through order__account__name
        assert ours("smith", model)[0] == djangos("smith", model)


def test_only_lists_that_opt_in_ask_the_linked_table_first(people):
    assert admin.site._registry[Contact].search_linked_first
    assert not admin.site._registry[Case].search_linked_first  # small: the join is cheaper
    with CaptureQueriesContext(connection) as queries:
        ours("smith", Case)
    assert len(queries) == 1


def order_of(account, owner):
    order = OrderFactory(owner=owner)  # made from a won deal of its own account
    Order.objects.filter(pk=order.pk).update(account=account)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def payments(crm_admin):
    """Payments found by their order's or contract's account, or by their own transaction id."""
    nova = AccountFactory(name="Nova Labs", owner=crm_admin)
    other = AccountFactory(name="Orbit", owner=crm_admin)
    contract = ContractFactory(account=nova, owner=crm_admin)
    return {
        "nova order": PaymentFactory(order=order_of(nova, crm_admin)),
        "nova contract": log_payment(
            user=crm_admin,
            contract=contract,
            amount="100.00",
            payment_date=timezone.localdate(),
            payment_method="bank_transfer",
            service_period_start=contract.start_date,
            service_period_end=contract.start_date,
        ),
        "by transaction": PaymentFactory(
            order=order_of(other, crm_admin), transaction_id="TX-NOVA-9"
        ),
        "neither": PaymentFactory(order=order_of(other, crm_admin)),
    }


@pytest.mark.parametrize("term", ["nova", "NOVA labs", "orbit", "tx-nova", "zzz"])
def test_a_field_two_links_away_finds_the_same_payments(payments, term):
    found, duplicates = ours(term, Payment)
    assert found == djangos(term, Payment) and duplicates is False
    if term == "nova":
        assert found == {p.pk for key, p in payments.items() if key != "neither"}


def test_payments_ask_accounts_then_orders_and_contracts_then_payments(payments):
    with CaptureQueriesContext(connection) as queries:
        ours("nova", Payment)
    [accounts, orders, contracts, found] = [q["sql"] for q in queries]
    assert 'FROM "crm_account"' in accounts  # once for both paths
    assert 'FROM "crm_order"' in orders and '"account_id" IN' in orders
    assert 'FROM "crm_contract"' in contracts and '"account_id" IN' in contracts
    assert "JOIN" not in found and '"order_id" IN' in found and '"contract_id" IN' in found
