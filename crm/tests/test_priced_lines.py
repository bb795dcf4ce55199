"""The three priced lines share one base (crm.models.priced_lines): the same rules and
messages, the same database checks, and moving them onto the base changed no schema."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from djmoney.money import Money

from crm.models.contracts import ContractLineItem
from crm.models.opportunity_lines import OpportunityLineItem
from crm.models.priced_lines import PricedLine
from crm.models.quotes import QuoteLineItem
from crm.tests.factories import (
    ContractLineItemFactory,
    LineItemFactory,
    ProductFactory,
    QuoteFactory,
)

LINES = {
    OpportunityLineItem: lambda: LineItemFactory(),
    QuoteLineItem: lambda: QuoteFactory().line_items.get(),
    ContractLineItem: lambda: ContractLineItemFactory(),
}


@pytest.mark.django_db
def test_the_models_match_the_migrations():
    """Moving the fields onto the abstract base is a no-op for the database."""
    call_command("makemigrations", "crm", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("model", LINES)
def test_every_line_is_a_priced_line(model):
    assert issubclass(model, PricedLine)
    names = {constraint.name for constraint in model._meta.constraints}
    prefix = {OpportunityLineItem: "opp_line", QuoteLineItem: "quote_line"}.get(
        model, "contract_line"
    )
    assert names == {f"{prefix}_quantity_positive", f"{prefix}_price_not_negative"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", LINES)
def test_a_price_in_another_currency_is_refused_with_the_parents_noun(model):
    line = LINES[model]()
    setattr(line, model.price_field, Money("10.00", "EUR"))
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    noun = model.parent_field
    assert refused.value.message_dict[model.price_field] == [
        f"The {line._meta.get_field(model.price_field).verbose_name} must be in USD, "
        f"the {noun}'s currency."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model", LINES)
def test_an_inactive_product_cannot_be_added(model):
    line = LINES[model]()
    line.pk, line._state.adding = None, True
    line.product = ProductFactory(is_active=False)
    with pytest.raises(ValidationError, match="is inactive and cannot be added to a"):
        line.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("model", LINES)
def test_the_database_refuses_a_zero_quantity(model):
    line = LINES[model]()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=line.pk).update(quantity=Decimal("0"))


@pytest.mark.django_db
@pytest.mark.parametrize("model", LINES)
def test_the_total_is_quantity_times_the_price(model):
    line = LINES[model]()
    line.quantity = Decimal("3")
    assert line.total == line.price * 3
