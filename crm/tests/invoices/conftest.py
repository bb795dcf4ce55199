"""The hand-computed billing fixture of issue #26: three retainer contracts and an order.

Company terms: 14 days (the default company information); lead days: 7 (the default).

* ``monthly``   — CTR monthly from 2027-01-01, 12 months, one line 1 000.00 per cycle.
* ``quarterly`` — CTR quarterly from 2027-01-15, 12 months, two lines 1 500.00 each
  (3 000.00 per quarter); periods are calendar-aligned from the start month: Q1 is
  2027-01-01 – 2027-03-31.
* ``cancelled`` — CTR monthly from 2027-01-01, 12 months, one line 500.00; terminated on
  2027-02-10 (its end date becomes that day, so February is its last period).
* ``order``     — an order of 5 000.00."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from crm.models import Contract, Order, OrderLineItem
from crm.services.contracts import terminate_contract
from crm.tests.factories import ContractFactory, OrderFactory


def day(text: str) -> date:
    return date.fromisoformat(text)


def terminate_on(contract: Contract, when: date, *, user, monkeypatch) -> Contract:
    """Terminate as if on ``when`` (termination ends the contract "today")."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: when)
        terminate_contract(contract, user=user, version=contract.version)
    return Contract.objects.get(pk=contract.pk)


@pytest.fixture
def monthly(sales_user) -> Contract:
    return ContractFactory(owner=sales_user, start_date=day("2027-01-01"), price="1000.00")


@pytest.fixture
def quarterly(sales_user) -> Contract:
    return ContractFactory(
        owner=sales_user,
        start_date=day("2027-01-15"),
        billing_cycle="quarterly",
        lines=2,
        price="1500.00",
    )


@pytest.fixture
def cancelled(sales_user) -> Contract:
    return ContractFactory(owner=sales_user, start_date=day("2027-01-01"), price="500.00")


@pytest.fixture
def order(sales_user) -> Order:
    """An order of 5 000.00, awaiting payment."""
    made = OrderFactory(owner=sales_user, lines=1)
    OrderLineItem.objects.filter(order=made).update(price_at_purchase=Decimal("5000.00"))
    return Order.objects.get(pk=made.pk)
