"""Opportunity line items and contact roles over the API: every write through
crm.services.opportunity_lines (closed deals refuse), ETags from the row's last change."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from crm.models.opportunity_lines import (
    LINES_LOCKED,
    ROLE_OTHER_ACCOUNT,
    OpportunityContactRole,
    OpportunityLineItem,
)
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    ContactFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db
LINES, ROLES = "/api/v1/opportunity-line-items/", "/api/v1/opportunity-contact-roles/"


def test_add_a_line_at_list_price_then_edit_it(sales_api, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    product = ProductFactory(standard_list_price=Money("250.00", "USD"))
    created = sales_api.post(
        LINES, {"opportunity": deal.pk, "product": product.pk, "quantity": "2"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["sale_price"] == {"amount": "250.00", "currency": "USD"}
    assert created.json()["total"] == {"amount": "500.00", "currency": "USD"}
    line = OpportunityLineItem.objects.get(pk=created.json()["id"])
    assert line.history.first().history_user == sales_user
    url = f"{LINES}{line.pk}/"
    other = OpportunityFactory()
    moved = sales_api.patch(
        url,
        {"quantity": "3", "opportunity": other.pk},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert moved.status_code == 400 and list(moved.json()["errors"]) == ["opportunity"]
    edited = sales_api.patch(url, {"quantity": "3"}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["quantity"], edited.json()["opportunity"]) == ("3.00", deal.pk)
    assert edited["ETag"] != created["ETag"]
    stale = sales_api.patch(url, {"quantity": "9"}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412
    detail = sales_api.get(f"/api/v1/opportunities/{deal.pk}/").json()
    assert detail["amount"] == "750.00"


def test_closed_deals_refuse_line_changes(sales_api, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    line = LineItemFactory(opportunity=deal)
    change_stage(
        deal, stage="closed_lost", user=sales_user, version=deal.version, loss_reason="price"
    )
    product = ProductFactory()
    added = sales_api.post(LINES, {"opportunity": deal.pk, "product": product.pk})
    assert added.status_code == 422 and added.json()["detail"] == LINES_LOCKED
    etag = sales_api.get(f"{LINES}{line.pk}/")["ETag"]
    removed = sales_api.post(f"{LINES}{line.pk}/remove/", HTTP_IF_MATCH=etag)
    assert removed.status_code == 422 and removed.json()["detail"] == LINES_LOCKED
    assert OpportunityLineItem.objects.filter(pk=line.pk).exists()


def test_remove_a_line(sales_api):
    line = LineItemFactory()
    url = f"{LINES}{line.pk}/remove/"
    assert sales_api.post(url).status_code == 428
    etag = sales_api.get(f"{LINES}{line.pk}/")["ETag"]
    assert sales_api.post(url, HTTP_IF_MATCH=etag).status_code == 204
    assert not OpportunityLineItem.objects.filter(pk=line.pk).exists()


def test_primary_role_moves_and_other_accounts_are_refused(sales_api):
    deal = OpportunityFactory()
    first = ContactRoleFactory(opportunity=deal, is_primary=True)
    contact = ContactFactory(account=deal.account)
    body = {"opportunity": deal.pk, "contact": contact.pk, "role": "economic_buyer"}
    created = sales_api.post(ROLES, {**body, "is_primary": True}, format="json")
    assert created.status_code == 201, created.json()
    first.refresh_from_db()
    assert created.json()["is_primary"] and not first.is_primary
    duplicate = sales_api.post(ROLES, body, format="json")
    assert duplicate.status_code == 422
    assert duplicate.json()["detail"] == "This contact already has a role on this opportunity."
    stranger = ContactFactory()
    refused = sales_api.post(ROLES, {**body, "contact": stranger.pk}, format="json")
    assert refused.status_code == 422
    assert refused.json()["errors"]["contact"] == [
        ROLE_OTHER_ACCOUNT.format(contact=stranger, account=deal.account)
    ]


def test_edit_and_remove_a_role(sales_api):
    role = ContactRoleFactory()
    url = f"{ROLES}{role.pk}/"
    etag = sales_api.get(url)["ETag"]
    edited = sales_api.patch(url, {"role": "influencer"}, format="json", HTTP_IF_MATCH=etag)
    assert edited.status_code == 200 and edited.json()["role"] == "influencer"
    removed = sales_api.post(f"{url}remove/", HTTP_IF_MATCH=edited["ETag"])
    assert removed.status_code == 204
    assert not OpportunityContactRole.objects.filter(pk=role.pk).exists()


def test_lists_filter_by_opportunity_in_constant_queries(sales_api, django_assert_num_queries):
    deal = OpportunityFactory()
    LineItemFactory.create_batch(4, opportunity=deal, quantity=Decimal("1"))
    LineItemFactory()
    ContactRoleFactory.create_batch(3, opportunity=deal)
    with django_assert_num_queries(4):
        lines = sales_api.get(LINES, {"opportunity": deal.pk}).json()["results"]
    assert len(lines) == 4 and all(row["product_name"] for row in lines)
    with django_assert_num_queries(4):
        roles = sales_api.get(ROLES, {"opportunity": deal.pk}).json()["results"]
    assert len(roles) == 3 and all(row["contact_name"] for row in roles)
    with django_assert_num_queries(4):
        assert sales_api.get(f"{LINES}{lines[0]['id']}/").status_code == 200
