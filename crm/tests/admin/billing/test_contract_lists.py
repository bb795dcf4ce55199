"""Contract lists: the payment list filters the report links to, contract payments in the
payment list and its export, pinned query counts, and New Contract from the account card."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from djmoney.money import Money

from crm.models import Contract, ContractStatus, Opportunity, Payment, Stage
from crm.services.payments import log_payment
from crm.tests.factories import (
    ContractFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
CONTRACT_LIST_QUERIES = 8  # + the list views: saved views, remembered view; no full COUNT(*)
CONTRACT_PAGE_QUERIES = 9  # Details only (Related, Activity, History load when opened)


def url(contract, view="change"):
    return reverse(f"admin:crm_contract_{view}", args=[contract.pk])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def won_with_retainer(owner):
    opportunity = OpportunityFactory(owner=owner, account__owner=owner)
    product = ProductFactory(is_retainer_product=True, name="Monthly maintenance")
    LineItemFactory(opportunity=opportunity, product=product, sale_price=Money("900", "USD"))
    LineItemFactory(opportunity=opportunity, sale_price=Money("5000", "USD"))
    Opportunity.objects.filter(pk=opportunity.pk).update(stage=Stage.CLOSED_WON, probability=100)
    return Opportunity.objects.get(pk=opportunity.pk)


def test_payment_list_filters_by_account_and_service_month(crm_admin_client, crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1))
    for month in (1, 2):
        log_payment(
            user=crm_admin,
            contract=contract,
            amount="10",
            payment_date=D(2026, month, 3),
            payment_method="cash",
            service_period_start=D(2026, month, 1),
            service_period_end=D(2026, month, 28),
        )
    other = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1))
    log_payment(
        user=crm_admin,
        contract=other,
        amount="10",
        payment_date=D(2026, 2, 3),
        payment_method="cash",
        service_period_start=D(2026, 2, 1),
        service_period_end=D(2026, 2, 28),
    )
    listing = reverse("admin:crm_payment_changelist")
    response = crm_admin_client.get(listing, {"account": contract.account_id, "period": "2026-02"})
    assert response.status_code == 200
    assert [p.service_period_start for p in response.context["cl"].result_list] == [D(2026, 2, 1)]
    assert crm_admin_client.get(listing, {"period": "garbage"}).status_code == 200


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_contract_list_and_page_query_counts_are_pinned(crm_admin_client, crm_admin, sales_user):
    listing = reverse("admin:crm_contract_changelist")
    contracts = ContractFactory.create_batch(3, owner=sales_user, lines=2)
    three = count_queries(crm_admin_client, listing)
    contract = contracts[0]
    for _ in range(3):
        log_payment(
            user=crm_admin,
            contract=contract,
            amount="1",
            payment_date=D(2026, 1, 1),
            payment_method="cash",
        )
    crm_admin_client.get(url(contract))
    page_three = count_queries(crm_admin_client, url(contract))
    ContractFactory.create_batch(27, owner=sales_user, lines=2)
    for _ in range(27):
        log_payment(
            user=crm_admin,
            contract=contract,
            amount="1",
            payment_date=D(2026, 1, 1),
            payment_method="cash",
        )
    assert count_queries(crm_admin_client, listing) == three == CONTRACT_LIST_QUERIES
    assert count_queries(crm_admin_client, url(contract)) == page_three == CONTRACT_PAGE_QUERIES


def test_contract_payments_in_the_payment_list_and_export(crm_admin_client, crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1))
    payment = log_payment(
        user=crm_admin,
        contract=contract,
        amount="432.10",
        payment_date=D(2026, 1, 4),
        payment_method="paypal",
    )
    listing = reverse("admin:crm_payment_changelist")
    html = crm_admin_client.get(listing).content.decode()
    assert url(contract) in html and contract.number in html
    assert reverse("admin:crm_account_change", args=[contract.account_id]) in html
    export = crm_admin_client.post(
        reverse("admin:crm_payment_export"), {"format": "0", "resource": "0"}
    )
    body = export.content.decode()
    assert "Contract Number" in body and contract.number in body
    assert contract.account.name in body and "432.10" in body
    edited = crm_admin_client.post(
        reverse("admin:crm_payment_void_payment_detail", args=[payment.pk]),
        {"version": payment.version, "reason": "Paid by the wrong client"},
    )
    assert edited.url == f"{url(contract)}#related"
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.status, stored.void_reason) == ("void", "Paid by the wrong client")


def test_new_contract_from_the_account_card(sales_client, sales_user):
    from crm.tests.factories import AccountFactory

    account = AccountFactory(owner=sales_user)
    add = reverse("admin:crm_contract_add") + f"?account={account.pk}"
    assert sales_client.get(add).status_code == 200
    data = {
        "start_date": "2027-04-01",
        "term_months": "6",
        "billing_cycle": "quarterly",
        "currency": "USD",
        "description": "SEO",
        "owner": sales_user.pk,
    }
    response = sales_client.post(add, data)
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.account, contract.end_date, contract.status) == (
        account,
        D(2027, 9, 30),
        ContractStatus.DRAFT,
    )
    refused = sales_client.post(add, {**data, "term_months": "4"})
    assert refused.status_code == 200 and Contract.objects.count() == 1
    assert "whole number of 3-month cycles" in refused.content.decode()
