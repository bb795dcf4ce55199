"""Opportunities over the API: computed amount, nested lines and roles in constant queries,
the stage action and the won deal's order and contract (crm.services.opportunities)."""

import datetime
from decimal import Decimal

import pytest
from djmoney.money import Money

from api.resources.opportunities import ENDS_TOO_LATE
from crm.models import Contract, Opportunity, Order
from crm.services.opportunities import (
    CONTRACT_NEEDS_RETAINERS,
    LOST_NEEDS_ADMIN,
    ORDER_EXISTS,
    ORDER_NEEDS_WON,
)
from crm.tests.factories import (
    AccountFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db


def if_match(record) -> dict:
    return {"HTTP_IF_MATCH": f'"{record.version}"'}


def stage(api, opportunity, target, **extra):
    opportunity.refresh_from_db()
    url = f"/api/v1/opportunities/{opportunity.pk}/stage/"
    return api.post(url, {"stage": target, **extra}, format="json", **if_match(opportunity))


def test_create_and_patch_keep_the_stage(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    body = {"name": "Redesign", "account": account.pk, "stage": "closed_won", "amount": "9"}
    refused = sales_api.post("/api/v1/opportunities/", body, format="json")
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"stage", "amount"}
    del body["stage"], body["amount"]
    created = sales_api.post("/api/v1/opportunities/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["stage"], data["probability"], data["amount"]) == ("qualifying", 10, "0.00")
    url = f"/api/v1/opportunities/{data['id']}/"
    refused = sales_api.patch(
        url, {"next_step": "Call", "stage": "proposal"}, **if_match_etag(created)
    )
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["stage"]
    patched = sales_api.patch(url, {"next_step": "Call"}, **if_match_etag(created))
    assert patched.status_code == 200
    assert (patched.json()["next_step"], patched.json()["stage"]) == ("Call", "qualifying")


def test_a_currency_outside_the_allowed_list_is_a_400_with_the_models_message(sales_api):
    account = AccountFactory()
    body = {"name": "Yen deal", "account": account.pk, "currency": "JPY"}
    refused = sales_api.post("/api/v1/opportunities/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["currency"] == [
        "Currency JPY is not allowed (use USD, EUR, GBP)."
    ]
    euro = sales_api.post("/api/v1/opportunities/", {**body, "currency": "EUR"}, format="json")
    assert euro.status_code == 201 and euro.json()["currency"] == "EUR"
    assert (
        sales_api.post(
            "/api/v1/opportunities/", {"name": "Default", "account": account.pk}, format="json"
        ).json()["currency"]
        == "USD"
    )


def if_match_etag(response) -> dict:
    return {"HTTP_IF_MATCH": response["ETag"]}


def test_amount_filters_and_search(sales_api, sales_user):
    deal = OpportunityFactory(name="Shop build", close_date=datetime.date(2030, 5, 1))
    LineItemFactory(opportunity=deal, quantity=Decimal("2"), sale_price=Money("300.00", "USD"))
    OpportunityFactory(name="Other", close_date=datetime.date(2031, 1, 1))
    window = {"close_after": "2030-01-01", "close_before": "2030-12-31"}
    rows = sales_api.get("/api/v1/opportunities/", window).json()["results"]
    assert [(row["id"], row["amount"], row["currency"]) for row in rows] == [
        (deal.pk, "600.00", "USD")
    ]
    by_account = sales_api.get("/api/v1/opportunities/", {"account": deal.account_id}).json()
    assert [row["id"] for row in by_account["results"]] == [deal.pk]
    assert [
        r["id"]
        for r in sales_api.get("/api/v1/opportunities/", {"search": "shop"}).json()["results"]
    ] == [deal.pk]


def test_detail_nests_lines_and_roles_in_constant_queries(sales_api, django_assert_num_queries):
    deal = OpportunityFactory()
    LineItemFactory.create_batch(3, opportunity=deal)
    ContactRoleFactory.create_batch(2, opportunity=deal)
    with django_assert_num_queries(6):
        response = sales_api.get(f"/api/v1/opportunities/{deal.pk}/")
    data = response.json()
    assert len(data["line_items"]) == 3 and len(data["contact_roles"]) == 2
    assert data["amount"] == "3000.00" and data["line_items"][0]["product_name"]
    OpportunityFactory.create_batch(4)
    with django_assert_num_queries(4):
        assert len(sales_api.get("/api/v1/opportunities/").json()["results"]) == 5


def test_stage_moves_and_stale_is_412(sales_api, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    moved = stage(sales_api, deal, "proposal")
    assert moved.status_code == 200
    assert (moved.json()["stage"], moved.json()["probability"]) == ("proposal", 50)
    stale = sales_api.post(
        f"/api/v1/opportunities/{deal.pk}/stage/", {"stage": "negotiation"}, **if_match(deal)
    )
    assert stale.status_code == 412


def test_closed_lost_and_reopening_is_for_admins(sales_api, admin_api, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    # Every new loss needs a reason from the picklist (issue 24): refused, nothing saved.
    no_reason = stage(sales_api, deal, "closed_lost")
    assert no_reason.status_code == 422 and "was lost" in no_reason.json()["detail"]
    not_a_choice = stage(sales_api, deal, "closed_lost", loss_reason="Budget cut")
    assert not_a_choice.status_code == 400
    assert Opportunity.objects.get(pk=deal.pk).stage == "qualifying"
    lost = stage(sales_api, deal, "closed_lost", loss_reason="price")
    assert lost.status_code == 200 and lost.json()["loss_reason"] == "price"
    refused = stage(sales_api, deal, "proposal")
    assert refused.status_code == 422 and refused.json()["detail"] == LOST_NEEDS_ADMIN
    reopened = stage(admin_api, deal, "qualifying")
    assert reopened.status_code == 200 and reopened.json()["stage"] == "qualifying"
    assert reopened.json()["loss_reason"] == ""
    again = stage(sales_api, deal, "closed_lost", loss_reason="no_budget", loss_details=" Cut ")
    assert (again.json()["loss_reason"], again.json()["loss_details"]) == ("no_budget", "Cut")


def test_generate_order(sales_api, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    LineItemFactory(opportunity=deal)
    url = f"/api/v1/opportunities/{deal.pk}/generate-order/"
    refused = sales_api.post(url, **if_match(deal))
    assert refused.status_code == 422
    assert refused.json()["detail"] == ORDER_NEEDS_WON.format(name=deal, stage="Qualifying")
    assert stage(sales_api, deal, "closed_won").status_code == 200
    deal.refresh_from_db()
    created = sales_api.post(url, **if_match(deal))
    assert created.status_code == 201, created.json()
    order = Order.objects.get(opportunity=deal)
    # The client's contract: the whole order, exactly as GET /orders/{id}/ shows it.
    shown = sales_api.get(f"/api/v1/orders/{order.pk}/")
    assert created.json() == shown.json() and created["ETag"] == shown["ETag"]
    assert created.json()["number"] == order.number and created.json()["status"] == order.status
    assert [line["product"] for line in created.json()["line_items"]] == [
        line.product_id for line in order.line_items.all()
    ]
    assert order.line_items.count() == 1
    twice = sales_api.post(url, **if_match(deal))
    assert twice.status_code == 422
    assert twice.json()["detail"] == ORDER_EXISTS.format(name=deal, number=order.number)


def won_deal(api, owner, product=None):
    deal = OpportunityFactory(owner=owner)
    LineItemFactory(opportunity=deal, **({"product": product} if product else {}))
    assert stage(api, deal, "closed_won").status_code == 200
    deal.refresh_from_db()
    return deal


def test_generate_contract(sales_api, sales_user):
    body = {"start_date": "2030-01-01", "term_months": 12, "billing_cycle": "quarterly"}
    plain = won_deal(sales_api, sales_user)
    url = f"/api/v1/opportunities/{plain.pk}/generate-contract/"
    refused = sales_api.post(url, body, format="json", **if_match(plain))
    assert refused.status_code == 422
    assert refused.json()["detail"] == CONTRACT_NEEDS_RETAINERS.format(name=plain)
    retainer = ProductFactory(is_retainer_product=True)
    deal = won_deal(sales_api, sales_user, retainer)
    url = f"/api/v1/opportunities/{deal.pk}/generate-contract/"
    missing = sales_api.post(url, {}, format="json", **if_match(deal))
    assert missing.status_code == 400 and "start_date" in missing.json()["errors"]
    too_late = sales_api.post(url, {"start_date": "9999-06-01"}, format="json", **if_match(deal))
    assert too_late.status_code == 400
    assert too_late.json()["errors"] == {"term_months": [ENDS_TOO_LATE]}
    created = sales_api.post(url, body, format="json", **if_match(deal))
    assert created.status_code == 201, created.json()
    contract = Contract.objects.get(opportunity=deal)
    assert created.json()["number"] == contract.number
    assert created.json()["status"] == contract.status
    assert (contract.billing_cycle, contract.term_months) == ("quarterly", 12)
    assert contract.line_items.get().product == retainer
