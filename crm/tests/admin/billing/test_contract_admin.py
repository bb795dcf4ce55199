"""The contract pages through the admin: Generate Contract (start, term, cycle), the record
page figures, Log Payment pre-filled with the next unpaid period, Terminate and Renew behind
confirmations, draft lines, the account's Contracts card, the payment list filters the report
links to, and pinned query counts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from djmoney.money import Money

from crm.models import Contract, ContractStatus, Opportunity, Payment, Stage
from crm.services.payments import log_payment
from crm.tests.factories import (
    ContractFactory,
    ContractLineItemFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db
D = datetime.date
CONTRACT_LIST_QUERIES = 8


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


def test_generate_contract_asks_start_term_and_cycle(sales_client, sales_user):
    opportunity = won_with_retainer(sales_user)
    action = reverse("admin:crm_opportunity_generate_contract_detail", args=[opportunity.pk])
    page = sales_client.get(reverse("admin:crm_opportunity_change", args=[opportunity.pk]))
    assert action in page.content.decode()
    asked = sales_client.get(action).content.decode()
    assert "Start date" in asked and "Term (months)" in asked and "Billing cycle" in asked
    bad = sales_client.post(
        action,
        with_once(
            sales_client,
            action,
            {
                "version": opportunity.version,
                "start_date": "2027-01-01",
                "term_months": 5,
                "billing_cycle": "quarterly",
            },
        ),
    )
    assert bad.status_code == 302 and not Contract.objects.exists()
    assert "whole number of 3-month cycles" in " ".join(toasts(bad))
    response = sales_client.post(
        action,
        with_once(
            sales_client,
            action,
            {
                "version": opportunity.version,
                "start_date": "2027-01-01",
                "term_months": 12,
                "billing_cycle": "quarterly",
            },
        ),
    )
    contract = Contract.objects.get()
    assert response.url == url(contract)
    assert (contract.billing_cycle, contract.end_date) == ("quarterly", D(2027, 12, 31))
    assert contract.line_items.get().price_per_cycle == Money("900", "USD")


def test_generate_contract_is_not_offered_without_retainer_products(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user, account__owner=sales_user)
    LineItemFactory(opportunity=opportunity)
    Opportunity.objects.filter(pk=opportunity.pk).update(stage=Stage.CLOSED_WON)
    action = reverse("admin:crm_opportunity_generate_contract_detail", args=[opportunity.pk])
    assert sales_client.get(action).status_code == 403


def test_contract_page_figures_and_struck_void_payment(crm_admin_client, crm_admin, sales_user):
    today = datetime.date.today()
    start = D(today.year, 1, 1)
    contract = ContractFactory(owner=sales_user, start_date=start, price="1000")
    payment = log_payment(
        user=crm_admin,
        contract=contract,
        amount="1000",
        payment_date=start,
        payment_method="cash",
        service_period_start=start,
        service_period_end=D(today.year, 1, 31),
    )
    from crm.services.payments import void_payment

    void_payment(
        log_payment(
            user=crm_admin, contract=contract, amount="5", payment_date=start, payment_method="cash"
        ),
        user=crm_admin,
        reason="Entered in error",
    )
    html = crm_admin_client.get(url(contract) + "?tab=related").content.decode()
    assert 'data-figure="cycle">$1,000.00' in html
    assert 'data-figure="paid">$1,000.00' in html
    assert "crm-overdue" in html  # months after January are past due by late November
    assert '<del class="crm-void">' in html and str(payment) in html
    assert "Jan. 1, " in html and "Monthly" in html


def test_log_payment_prefills_the_next_unpaid_period(crm_admin_client, crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2027, 1, 1), price="750")
    log_payment(
        user=crm_admin,
        contract=contract,
        amount="750",
        payment_date=D(2026, 12, 20),
        payment_method="cash",
        service_period_start=D(2027, 1, 1),
        service_period_end=D(2027, 1, 31),
    )
    form = crm_admin_client.get(url(contract, "log_payment_detail")).context["form"]
    assert form["service_period_start"].initial == D(2027, 2, 1)
    assert form["service_period_end"].initial == D(2027, 2, 28)
    assert form["amount"].initial == Decimal("750.00")
    assert form["is_retainer"].initial is True
    response = crm_admin_client.post(
        url(contract, "log_payment_detail"),
        with_once(
            crm_admin_client,
            url(contract, "log_payment_detail"),
            {
                "amount": "750",
                "payment_date": "2027-02-03",
                "payment_method": "bank_transfer",
                "status": "completed",
                "is_retainer": "on",
                "service_period_start": "2027-02-01",
                "service_period_end": "2027-02-28",
            },
        ),
    )
    assert response.status_code == 302
    assert "Payment of $750.00 was logged successfully." in toasts(response)
    assert Payment.objects.filter(contract=contract).count() == 2


def test_sales_users_cannot_log_payments_on_contracts(sales_client, sales_user):
    contract = ContractFactory(owner=sales_user)
    assert sales_client.get(url(contract, "log_payment_detail")).status_code == 403


def test_terminate_and_renew_behind_confirmations(sales_client, sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1))
    asked = sales_client.get(url(contract, "terminate_detail")).content.decode()
    assert "Its end date becomes today" in asked
    done = sales_client.post(url(contract, "terminate_detail"), {"version": contract.version})
    assert f"Contract '{contract}' was terminated." in toasts(done)
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.TERMINATED
    renewed = sales_client.post(url(contract, "renew_detail"), {"version": contract.version + 1})
    renewal = Contract.objects.exclude(pk=contract.pk).get()
    assert renewed.url == url(renewal) and renewal.status == ContractStatus.DRAFT


def test_draft_lines_are_added_and_locked_after_activation(sales_client, sales_user):
    line = ContractLineItemFactory(contract__owner=sales_user, contract__lines=0)
    contract = line.contract
    add = reverse("admin:crm_contractlineitem_add") + f"?contract={contract.pk}"
    product = ProductFactory(is_retainer_product=True)
    response = sales_client.post(
        add,
        {
            "contract": contract.pk,
            "product": product.pk,
            "quantity": "2",
            "price_amount": "100",
            "description": "",
        },
    )
    assert response.status_code == 302
    amounts = Contract.objects.with_cycle_amount().get(pk=contract.pk).cycle_amount
    assert amounts == Decimal("700.00")  # 500 + 2 × 100
    sales_client.post(url(contract, "activate_detail"), {"version": contract.version})
    edit = reverse("admin:crm_contractlineitem_change", args=[line.pk]) + "?edit=1"
    assert sales_client.post(edit, {"quantity": "9"}).status_code in (302, 403)
    assert contract.line_items.get(pk=line.pk).quantity == Decimal("1")


def test_account_page_lists_its_contracts(sales_client, sales_user):
    contract = ContractFactory(owner=sales_user)
    html = sales_client.get(
        reverse("admin:crm_account_change", args=[contract.account_id]) + "?tab=related"
    ).content.decode()
    assert "Contracts" in html and contract.number in html
