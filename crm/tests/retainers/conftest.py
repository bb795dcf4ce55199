"""The hand-computed retainer fixture (year 2026, "today" 2026-06-20, grace 15 days).

USD rows (expected / paid / overdue):
* Alpha — monthly 1 000 from Jan: Jan exact, Feb 600 (partial), Mar 1 200 (over), Apr paid late
  in June, May and Jun nothing, Jul only a void payment, a Dec-2025 payment (other year).
  12 000 / 3 800 / 2 400 (Feb 400, May 1 000, Jun 1 000).
* Bravo — quarterly 3 000 from 15 Feb (Feb, May, Aug, Nov): Feb paid, May nothing.
  12 000 / 3 000 / 3 000.
* Charlie — monthly 500 from May 2025, 12 months, expired on 30 Apr 2026: Jan–Apr paid.
  2 000 / 2 000 / 0. Charlie also pays an annual EUR contract from Mar 2026: 2 400 EUR paid.
* Delta — monthly 800 from Jan, terminated on 31 Mar: Jan, Feb paid. 2 400 / 1 600 / 800 (Mar).
* Echo — no contract; an order containing a retainer product paid 750 for April. 0 / 750 / 0.
  (Foxtrot's order without retainer products, paid with a period, is not in the report.)
* Golf (another owner) — monthly 900 from Sep: Sep–Dec upcoming. 3 600 / 0 / 0.
A draft contract (Hotel) expects nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money

from crm.models import Contract, Opportunity, Stage
from crm.services.contracts import terminate_contract
from crm.services.opportunities import generate_order
from crm.services.payments import log_payment, void_payment
from crm.tests.factories import (
    AccountFactory,
    ContractFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
    UserFactory,
)

D = datetime.date
TODAY = D(2026, 6, 20)


def month_end(day: datetime.date) -> datetime.date:
    following = D(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def pay(admin, amount, period: datetime.date, *, contract=None, order=None, paid_on=None, **kw):
    return log_payment(
        user=admin,
        contract=contract,
        order=order,
        amount=amount,
        payment_date=paid_on or period,
        payment_method="bank_transfer",
        service_period_start=period,
        service_period_end=kw.pop("period_end", month_end(period)),
        **kw,
    )


def order_with(owner, admin, *, retainer: bool):
    opportunity = OpportunityFactory(owner=owner, account__owner=owner)
    product = ProductFactory(is_retainer_product=retainer)
    LineItemFactory(opportunity=opportunity, product=product, sale_price=Money("750", "USD"))
    Opportunity.objects.filter(pk=opportunity.pk).update(stage=Stage.CLOSED_WON, probability=100)
    return generate_order(Opportunity.objects.get(pk=opportunity.pk), user=admin)


@pytest.fixture
def retainer_book(crm_admin, sales_user):
    owner, admin = sales_user, crm_admin
    accounts = {
        name: AccountFactory(name=name, owner=owner)
        for name in ("Alpha", "Bravo", "Charlie", "Delta", "Hotel")
    }
    alpha = ContractFactory(owner=owner, account=accounts["Alpha"], start_date=D(2026, 1, 1))
    pay(admin, "1000", D(2026, 1, 1), contract=alpha)
    pay(admin, "600", D(2026, 2, 1), contract=alpha)
    pay(admin, "1200", D(2026, 3, 1), contract=alpha)
    pay(admin, "1000", D(2026, 4, 1), contract=alpha, paid_on=D(2026, 6, 10))
    void_payment(
        pay(admin, "1000", D(2026, 7, 1), contract=alpha), user=admin, reason="Entered in error"
    )
    pay(admin, "1000", D(2025, 12, 1), contract=alpha)

    bravo = ContractFactory(
        owner=owner,
        account=accounts["Bravo"],
        start_date=D(2026, 2, 15),
        billing_cycle="quarterly",
        price="3000",
    )
    pay(admin, "3000", D(2026, 2, 1), contract=bravo, period_end=D(2026, 4, 30))

    charlie = ContractFactory(
        owner=owner, account=accounts["Charlie"], start_date=D(2025, 5, 1), price="500"
    )
    for month in range(1, 5):
        pay(admin, "500", D(2026, month, 1), contract=charlie)
    from crm.services.contracts import expire_contracts

    expire_contracts()  # ended 2026-04-30: expired
    charlie_eur = ContractFactory(
        owner=owner,
        account=accounts["Charlie"],
        start_date=D(2026, 3, 1),
        billing_cycle="annually",
        currency="EUR",
        price="2400",
    )
    pay(admin, "2400", D(2026, 3, 1), contract=charlie_eur, period_end=D(2027, 2, 28))

    delta = ContractFactory(
        owner=owner, account=accounts["Delta"], start_date=D(2026, 1, 1), price="800"
    )
    pay(admin, "800", D(2026, 1, 1), contract=delta)
    pay(admin, "800", D(2026, 2, 1), contract=delta)
    terminate_contract(delta, user=admin)
    Contract.objects.filter(pk=delta.pk).update(end_date=D(2026, 3, 31))  # terminated then

    echo_order = order_with(owner, admin, retainer=True)
    echo_order.account.__class__.objects.filter(pk=echo_order.account_id).update(name="Echo")
    pay(admin, "750", D(2026, 4, 1), order=echo_order)
    foxtrot_order = order_with(owner, admin, retainer=False)
    pay(admin, "750", D(2026, 4, 1), order=foxtrot_order)

    other = UserFactory()
    golf = ContractFactory(
        owner=other,
        account=AccountFactory(name="Golf", owner=other),
        start_date=D(2026, 9, 1),
        price="900",
    )
    ContractFactory(
        owner=owner, account=accounts["Hotel"], start_date=D(2026, 1, 1), status="draft"
    )
    return {
        "alpha": alpha,
        "bravo": bravo,
        "charlie": charlie,
        "charlie_eur": charlie_eur,
        "delta": delta,
        "golf": golf,
        "echo": echo_order.account,
        "owner": owner,
        "other": other,
        "today": TODAY,
        "now": timezone.localdate(),
        "zero": Decimal("0"),
    }
