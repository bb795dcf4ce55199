"""generate_order: only from a won deal with lines and no live order; a snapshot of the lines
that later price changes never touch; sales users may generate, never edit, an order."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models import OpportunityLineItem, Order, OrderLineItem, OrderStatus, Product, Stage
from crm.services.opportunities import (
    ORDER_EXISTS,
    ORDER_NEEDS_LINES,
    ORDER_NEEDS_PERMISSION,
    change_stage,
    generate_order,
)
from crm.services.orders import cancel_order
from crm.tests.billing.conftest import totals, won_opportunity
from crm.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_a_won_deal_becomes_an_order_with_a_snapshot_of_its_lines(sales_user):
    opportunity = won_opportunity(sales_user, prices=("1200.00", "300.00"), quantities=("2", "1"))
    order = generate_order(opportunity, user=sales_user)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.number == f"ORD-{order.pk:06d}"
    assert (order.account_id, order.opportunity_id) == (opportunity.account_id, opportunity.pk)
    lines = list(order.line_items.order_by("pk").values_list("quantity", "price_at_purchase"))
    assert lines == [(Decimal("2.00"), Decimal("1200.00")), (Decimal("1.00"), Decimal("300.00"))]
    assert totals(order) == {
        "total": Decimal("2700.00"),
        "amount_paid": Decimal("0.00"),
        "balance_due": Decimal("2700.00"),
    }
    assert order.history.first().history_user == sales_user


def test_later_price_changes_never_change_the_order(sales_user, crm_admin):
    opportunity = won_opportunity(sales_user, prices=("1000.00",))
    order = generate_order(opportunity, user=sales_user)
    line = OpportunityLineItem.objects.get(opportunity=opportunity)
    Product.objects.filter(pk=line.product_id).update(standard_list_price=Decimal("9999.00"))
    OpportunityLineItem.objects.filter(pk=line.pk).update(
        sale_price=Decimal("1.00"), quantity=Decimal("7")
    )
    assert totals(order)["total"] == Decimal("1000.00")
    snapshot = OrderLineItem.objects.get(order=order)
    assert (snapshot.quantity, snapshot.price_at_purchase) == (
        Decimal("1.00"),
        Money("1000.00", "USD"),
    )


@pytest.mark.parametrize("stage", [Stage.PROPOSAL, Stage.CLOSED_LOST])
def test_only_a_won_deal_can_be_ordered(sales_user, stage):
    opportunity = OpportunityFactory(owner=sales_user, stage=stage)
    with pytest.raises(BusinessRuleError, match="Only a Closed Won opportunity"):
        generate_order(opportunity, user=sales_user)
    assert not Order.objects.exists()


def test_a_deal_without_lines_cannot_be_ordered(sales_user):
    opportunity = won_opportunity(sales_user, prices=())
    with pytest.raises(BusinessRuleError) as refused:
        generate_order(opportunity, user=sales_user)
    assert refused.value.messages == [ORDER_NEEDS_LINES.format(name=opportunity)]


def test_one_live_order_per_deal_until_it_is_cancelled(sales_user, crm_admin):
    opportunity = won_opportunity(sales_user)
    first = generate_order(opportunity, user=sales_user)
    with pytest.raises(BusinessRuleError) as refused:
        generate_order(opportunity, user=sales_user)
    assert refused.value.messages == [ORDER_EXISTS.format(name=opportunity, number=first.number)]
    cancel_order(first, user=crm_admin)
    second = generate_order(opportunity, user=sales_user)
    assert second.pk != first.pk
    assert Order.objects.filter(opportunity=opportunity).count() == 2


def test_a_won_deal_with_an_order_cannot_be_reopened(sales_user):
    opportunity = won_opportunity(sales_user)
    generate_order(opportunity, user=sales_user)
    with pytest.raises(BusinessRuleError, match="stays Closed Won"):
        change_stage(opportunity, stage=Stage.PROPOSAL, user=sales_user)


def test_generating_needs_the_permission(sales_user):
    opportunity = won_opportunity(sales_user)
    sales_user.groups.clear()
    sales_user = type(sales_user).objects.get(pk=sales_user.pk)
    with pytest.raises(BusinessRuleError) as refused:
        generate_order(opportunity, user=sales_user)
    assert refused.value.messages == [ORDER_NEEDS_PERMISSION]
