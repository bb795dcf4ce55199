"""Amount = Σ quantity × sale_price, annotated in the database; line and role rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from djmoney.money import Money

from crm.models.opportunities import Opportunity, Stage
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    ContactFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db


def test_amount_and_expected_revenue_are_sums_of_lines(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    LineItemFactory(opportunity=opportunity, quantity=Decimal("2"), sale_price=Money("1500", "USD"))
    LineItemFactory(
        opportunity=opportunity, quantity=Decimal("3.5"), sale_price=Money("100", "USD")
    )
    empty = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.PROPOSAL, user=sales_user)
    rows = {o.pk: o for o in Opportunity.objects.with_amount()}
    assert rows[opportunity.pk].amount == Decimal("3350.00")
    assert rows[opportunity.pk].expected_revenue == Decimal("1675.00")
    assert rows[empty.pk].amount == Decimal("0.00")


def test_changing_a_list_price_later_never_changes_existing_lines(sales_user):
    product = ProductFactory(standard_list_price=Money("1000", "USD"))
    line = OpportunityLineItem(opportunity=OpportunityFactory(), product=product, quantity=1)
    line.full_clean()  # blank sale price → the list price at that moment
    line.save()
    product.standard_list_price = Money("5000", "USD")
    product.save()
    line.refresh_from_db()
    assert line.sale_price == Money("1000", "USD")
    assert Opportunity.objects.with_amount().get(pk=line.opportunity_id).amount == Decimal("1000")


@pytest.mark.parametrize(
    ("field", "value"), [("quantity", Decimal("0")), ("sale_price", Money("-1", "USD"))]
)
def test_database_refuses_bad_quantity_or_price(field, value):
    line = LineItemFactory()
    setattr(line, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_line_currency_must_match_the_opportunity():
    opportunity = OpportunityFactory(currency="USD")
    line = OpportunityLineItem(
        opportunity=opportunity, product=ProductFactory(), quantity=1, sale_price=Money("10", "EUR")
    )
    with pytest.raises(ValidationError, match="USD"):
        line.full_clean()


def test_inactive_product_cannot_be_added():
    product = ProductFactory(is_active=False)
    line = OpportunityLineItem(opportunity=OpportunityFactory(), product=product, quantity=1)
    with pytest.raises(ValidationError, match="inactive"):
        line.full_clean()


def test_lines_are_locked_once_closed(sales_user):
    line = LineItemFactory()
    change_stage(line.opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    line.refresh_from_db()
    line.quantity = Decimal("9")
    with pytest.raises(ValidationError, match="closed"):
        line.full_clean()


def test_one_primary_contact_per_opportunity_in_the_database():
    opportunity = OpportunityFactory()
    first, second = ContactFactory.create_batch(2, account=opportunity.account)
    OpportunityContactRole.objects.create(opportunity=opportunity, contact=first, is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityContactRole.objects.create(
            opportunity=opportunity, contact=second, is_primary=True
        )


def test_same_contact_twice_is_refused():
    opportunity = OpportunityFactory()
    contact = ContactFactory(account=opportunity.account)
    OpportunityContactRole.objects.create(opportunity=opportunity, contact=contact)
    duplicate = OpportunityContactRole(opportunity=opportunity, contact=contact)
    with pytest.raises(ValidationError, match="already has a role"):
        duplicate.full_clean()


def test_contact_from_another_account_is_refused():
    opportunity = OpportunityFactory()
    stranger = ContactFactory()
    role = OpportunityContactRole(opportunity=opportunity, contact=stranger)
    with pytest.raises(ValidationError, match="does not belong to"):
        role.full_clean()
