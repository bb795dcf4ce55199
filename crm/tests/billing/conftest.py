import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from crm.models import Opportunity, Order, Stage
from crm.services.payments import log_payment
from crm.tests.factories import LineItemFactory, OpportunityFactory, OrderFactory


def won_opportunity(owner, *, prices=("1000.00",), quantities=None):
    """A Closed Won deal owned by ``owner`` with one line per price (quantity 1 unless
    given)."""
    opportunity = OpportunityFactory(owner=owner, account__owner=owner)
    for index, price in enumerate(prices):
        quantity = Decimal(quantities[index]) if quantities else Decimal("1")
        LineItemFactory(opportunity=opportunity, sale_price=price, quantity=quantity)
    Opportunity.objects.filter(pk=opportunity.pk).update(stage=Stage.CLOSED_WON, probability=100)
    return Opportunity.objects.get(pk=opportunity.pk)


@pytest.fixture
def order(sales_user) -> Order:
    """ORD with a 1 000.00 and a 4 000.00 line: total 5 000.00, awaiting payment."""
    made = OrderFactory(owner=sales_user, lines=1)
    from crm.models import OrderLineItem

    line = OrderLineItem.objects.get(order=made)
    OrderLineItem.objects.filter(pk=line.pk).update(price_at_purchase=Decimal("5000.00"))
    return Order.objects.get(pk=made.pk)


def pay(order, user, amount, **kwargs):
    kwargs.setdefault("payment_date", timezone.localdate())
    kwargs.setdefault("payment_method", "bank_transfer")
    return log_payment(user=user, order=order, amount=amount, **kwargs)


def totals(order):
    return (
        Order.objects.with_totals().values("total", "amount_paid", "balance_due").get(pk=order.pk)
    )


YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
