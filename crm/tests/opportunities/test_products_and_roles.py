"""The opportunity's Products and Contact Roles cards: add / edit / remove pages that go
through crm.services.opportunity_lines, the Primary flag moved in one transaction, closed
deals locked, inactive products greyed, and the amount recomputed after each save."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models.opportunities import Opportunity, Stage
from crm.models.opportunity_lines import LINES_LOCKED, OpportunityContactRole, OpportunityLineItem
from crm.services.opportunities import change_stage
from crm.services.opportunity_lines import save_contact_role
from crm.tests.factories import (
    ContactFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

LINES = "/crm/opportunitylineitem/"
ROLES = "/crm/opportunitycontactrole/"


def _amount(opportunity) -> Decimal:
    return Opportunity.objects.with_amount().get(pk=opportunity.pk).amount


def _line_form(opportunity, product, **overrides):
    return {
        "product": product.pk,
        "quantity": "3",
        "price_amount": "",
        "description": "",
        **overrides,
    }


def test_new_product_from_the_card_uses_the_list_price_and_returns(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    product = ProductFactory(standard_list_price=Money("650", "USD"))
    page = sales_client.get(f"/crm/opportunity/{opportunity.pk}/change/?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    assert cards["products"]["title"] == "Products" and cards["products"]["count"] == 0
    assert cards["products"]["new_label"] == "New Product"
    new_url = cards["products"]["new_url"]
    assert new_url == f"{LINES}add/?opportunity={opportunity.pk}"
    response = sales_client.post(new_url, _line_form(opportunity, product))
    assert response.status_code == 302, response.content.decode()[:1500]
    assert response.url == f"/crm/opportunity/{opportunity.pk}/change/#related"
    line = OpportunityLineItem.objects.get(opportunity=opportunity)
    assert line.sale_price == Money("650", "USD") and line.quantity == 3
    assert _amount(opportunity) == Decimal("1950")
    page = sales_client.get(f"/crm/opportunity/{opportunity.pk}/change/?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    assert cards["products"]["count"] == 1
    assert [label for label, _ in cards["products"]["rows"][0]["actions"]] == ["Edit", "Remove"]


def test_zero_quantity_is_a_form_error_and_writes_nothing(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    response = sales_client.post(
        f"{LINES}add/?opportunity={opportunity.pk}",
        _line_form(opportunity, ProductFactory(), quantity="0", price_amount="10"),
    )
    assert response.status_code == 200
    assert "Quantity must be greater than 0." in response.content.decode()
    assert not OpportunityLineItem.objects.exists()


def test_edit_and_remove_a_line_update_the_amount(sales_client, sales_user):
    line = LineItemFactory(
        opportunity=OpportunityFactory(owner=sales_user), quantity=2, sale_price=Money(100, "USD")
    )
    response = sales_client.post(
        f"{LINES}{line.pk}/change/",
        {
            "product": line.product_id,
            "quantity": "5",
            "price_amount": "100",
            "description": "",
            "version": line.change_marker,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert _amount(line.opportunity) == Decimal("500")
    confirm = sales_client.get(f"{LINES}{line.pk}/remove/")
    assert "Remove the product" in confirm.content.decode()
    line.refresh_from_db()
    assert f'name="version" value="{line.change_marker}"' in confirm.content.decode()
    sales_client.post(f"{LINES}{line.pk}/remove/", {"version": line.change_marker})
    assert not OpportunityLineItem.objects.exists()
    assert line.opportunity.history.exists()


def test_closed_deal_locks_its_lines_everywhere(sales_client, sales_user):
    line = LineItemFactory(opportunity=OpportunityFactory(owner=sales_user))
    change_stage(line.opportunity, stage=Stage.CLOSED_WON, user=sales_user, version=None)
    page = sales_client.get(f"/crm/opportunity/{line.opportunity_id}/change/?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    assert cards["products"]["new_url"] is None
    assert cards["products"]["rows"][0]["actions"] == []
    assert str(line.product) in page.content.decode()
    assert sales_client.post(f"{LINES}{line.pk}/remove/", {}).status_code == 403
    response = sales_client.post(
        f"{LINES}add/?opportunity={line.opportunity_id}",
        _line_form(line.opportunity, ProductFactory()),
    )
    assert LINES_LOCKED in response.content.decode()
    assert OpportunityLineItem.objects.count() == 1


def test_inactive_product_line_is_greyed_and_not_offered(sales_client, sales_user):
    line = LineItemFactory(opportunity=OpportunityFactory(owner=sales_user))
    line.product.is_active = False
    line.product.save()
    page = sales_client.get(f"/crm/opportunity/{line.opportunity_id}/change/?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    assert cards["products"]["rows"][0]["inactive"] is True
    response = sales_client.post(
        f"{LINES}add/?opportunity={line.opportunity_id}", _line_form(line.opportunity, line.product)
    )
    assert "is inactive" in response.content.decode()


def test_second_primary_role_moves_the_flag_instead_of_a_500(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    first = ContactFactory(account=opportunity.account)
    second = ContactFactory(account=opportunity.account)
    OpportunityContactRole.objects.create(opportunity=opportunity, contact=first, is_primary=True)
    response = sales_client.post(
        f"{ROLES}add/?opportunity={opportunity.pk}",
        {"contact": second.pk, "role": "decision_maker", "is_primary": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    primaries = OpportunityContactRole.objects.filter(opportunity=opportunity, is_primary=True)
    assert [role.contact for role in primaries] == [second]


def test_contact_of_another_account_is_refused(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    stranger = ContactFactory()
    with pytest.raises(BusinessRuleError):
        save_contact_role(
            OpportunityContactRole(opportunity=opportunity, contact=stranger), user=sales_user
        )
    assert not OpportunityContactRole.objects.exists()


def test_currency_change_with_lines_is_a_field_error_not_a_500(sales_client, sales_user):
    line = LineItemFactory(opportunity=OpportunityFactory(owner=sales_user))
    opportunity = line.opportunity
    response = sales_client.post(
        f"/crm/opportunity/{opportunity.pk}/change/",
        {
            "name": opportunity.name,
            "account": opportunity.account_id,
            "close_date": "",
            "currency": "EUR",
            "type": "",
            "lead_source": "",
            "next_step": "",
            "description": "",
            "version": opportunity.version,
        },
    )
    assert response.status_code == 200
    assert "currency" in response.context["adminform"].form.errors
    opportunity.refresh_from_db()
    assert opportunity.currency == "USD"
