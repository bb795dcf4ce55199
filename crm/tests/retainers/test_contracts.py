"""Contract rules and services: period arithmetic, transitions, generation, renewal, expiry,
and payments that belong to exactly one of order / contract (down to the database)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models import Contract, ContractStatus, Opportunity, Payment, Stage
from crm.models.contracts import contract_end
from crm.selectors.contracts import contract_figures, next_unpaid_period, service_periods
from crm.services.contracts import (
    NEEDS_LINES,
    activate_contract,
    expire_contracts,
    renew_contract,
    terminate_contract,
)
from crm.services.opportunities import generate_contract
from crm.services.payments import DRAFT_CONTRACT, log_payment, update_payment, void_payment
from crm.tests.factories import (
    ContractFactory,
    LineItemFactory,
    OpportunityFactory,
    OrderFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("start", "term", "end"),
    [
        (D(2026, 3, 1), 12, D(2027, 2, 28)),
        (D(2026, 1, 31), 1, D(2026, 2, 27)),
        (D(2027, 3, 15), 3, D(2027, 6, 14)),
        (D(2026, 12, 1), 24, D(2028, 11, 30)),
    ],
)
def test_end_date_is_start_plus_term_minus_one_day(start, term, end):
    assert contract_end(start, term) == end


def test_end_date_is_stored_and_recomputed_on_save(sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2026, 3, 1), status="draft")
    assert Contract.objects.get(pk=contract.pk).end_date == D(2027, 2, 28)
    contract.term_months = 6
    contract.save()
    assert Contract.objects.get(pk=contract.pk).end_date == D(2026, 8, 31)
    assert contract.number == f"CTR-{contract.pk:06d}"


@pytest.mark.parametrize(
    ("cycle", "term", "message"),
    [
        ("quarterly", 4, "whole number of 3-month cycles"),
        ("annually", 18, "whole number of 12-month cycles"),
        ("monthly", 0, "between 1 and 120"),
        ("weekly", 12, "not a billing cycle"),
    ],
)
def test_period_rules_refuse_bad_terms(sales_user, cycle, term, message):
    with pytest.raises(BusinessRuleError, match=message):
        ContractFactory(owner=sales_user, billing_cycle=cycle, term_months=term)
    assert not Contract.objects.exists()


def test_database_refuses_a_term_out_of_range(sales_user):
    contract = ContractFactory(owner=sales_user, status="draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(term_months=0)


def test_service_periods_are_calendar_aligned_per_cycle(sales_user):
    quarterly = ContractFactory(
        owner=sales_user, start_date=D(2027, 1, 10), billing_cycle="quarterly", price="300"
    )
    periods = service_periods(quarterly, cycle_amount=Decimal("300"))
    assert [(p.start, p.end) for p in periods] == [
        (D(2027, 1, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 9, 30)),
        (D(2027, 10, 1), D(2027, 12, 31)),
    ]
    assert periods[0].due_date == D(2027, 1, 25)  # 10 Jan start + 15 days grace


def test_next_unpaid_period_skips_paid_ones_and_keeps_the_remainder(crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2027, 1, 1), price="1000")
    for month, amount in ((1, "1000"), (2, "1000"), (3, "400")):
        log_payment(
            user=crm_admin,
            contract=contract,
            amount=amount,
            payment_date=D(2026, 11, 1),
            payment_method="cash",
            service_period_start=D(2027, month, 1),
            service_period_end=D(2027, month, 28),
        )
    period = next_unpaid_period(contract, cycle_amount=Decimal("1000"))
    assert (period.start, period.end, period.outstanding) == (
        D(2027, 3, 1),
        D(2027, 3, 31),
        Decimal("600"),
    )


def test_activate_needs_lines_and_terminate_ends_today(sales_user):
    contract = ContractFactory(owner=sales_user, status="draft", lines=0)
    with pytest.raises(BusinessRuleError) as refused:
        activate_contract(contract, user=sales_user)
    assert refused.value.messages == [NEEDS_LINES.format(number=contract.number)]
    active = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1))
    terminate_contract(active, user=sales_user, version=active.version)
    stored = Contract.objects.get(pk=active.pk)
    assert stored.status == ContractStatus.TERMINATED
    assert stored.end_date == timezone.localdate()
    assert stored.history.first().history_user == sales_user


def test_expire_contracts_twice_changes_nothing_the_second_time(sales_user, capsys):
    ended = ContractFactory(owner=sales_user, start_date=D(2024, 1, 1))
    running = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1), term_months=24)
    call_command("expire_contracts")
    assert "1 contract expired" in capsys.readouterr().out
    first = {c.pk: (c.status, c.version) for c in Contract.objects.all()}
    assert first[ended.pk][0] == ContractStatus.EXPIRED
    assert first[running.pk][0] == ContractStatus.ACTIVATED
    call_command("expire_contracts")
    assert "No contract expired" in capsys.readouterr().out
    assert {c.pk: (c.status, c.version) for c in Contract.objects.all()} == first
    assert expire_contracts() == []


def test_renew_copies_into_a_draft_starting_the_day_after(sales_user):
    contract = ContractFactory(owner=sales_user, start_date=D(2026, 1, 1), lines=2, price="250")
    renewal = renew_contract(contract, user=sales_user)
    assert (renewal.status, renewal.start_date, renewal.end_date) == (
        ContractStatus.DRAFT,
        D(2027, 1, 1),
        D(2027, 12, 31),
    )
    assert renewal.account == contract.account and renewal.pk != contract.pk
    assert Contract.objects.with_cycle_amount().get(pk=renewal.pk).cycle_amount == Decimal("500")
    with pytest.raises(BusinessRuleError, match="draft"):
        renew_contract(renewal, user=sales_user)


def _won(owner, *, retainer_prices=(), other_prices=("5000",)):
    opportunity = OpportunityFactory(owner=owner, account__owner=owner)
    for price in retainer_prices:
        product = ProductFactory(is_retainer_product=True)
        LineItemFactory(opportunity=opportunity, product=product, sale_price=Money(price, "USD"))
    for price in other_prices:
        LineItemFactory(opportunity=opportunity, sale_price=Money(price, "USD"))
    Opportunity.objects.filter(pk=opportunity.pk).update(stage=Stage.CLOSED_WON, probability=100)
    return Opportunity.objects.get(pk=opportunity.pk)


def test_generate_contract_copies_only_retainer_lines(sales_user):
    opportunity = _won(sales_user, retainer_prices=("400", "350"))
    contract = generate_contract(
        opportunity, user=sales_user, start_date=D(2027, 1, 1), billing_cycle="quarterly"
    )
    assert (contract.status, contract.account, contract.opportunity) == (
        "draft",
        opportunity.account,
        opportunity,
    )
    prices = sorted(line.price_per_cycle.amount for line in contract.line_items.all())
    assert prices == [Decimal("350.00"), Decimal("400.00")]
    assert contract.billing_cycle == "quarterly" and contract.end_date == D(2027, 12, 31)


def test_generate_contract_refuses_without_retainer_products_or_a_win(sales_user):
    with pytest.raises(BusinessRuleError, match="has no retainer products"):
        generate_contract(_won(sales_user), user=sales_user, start_date=D(2027, 1, 1))
    open_deal = OpportunityFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="Only a Closed Won opportunity"):
        generate_contract(open_deal, user=sales_user, start_date=D(2027, 1, 1))
    assert not Contract.objects.exists()


def test_contract_payments_lock_and_validate_like_order_payments(crm_admin, sales_user):
    draft = ContractFactory(owner=sales_user, status="draft")
    base = {"user": crm_admin, "amount": "100", "payment_date": D(2026, 5, 1)}
    with pytest.raises(BusinessRuleError) as refused:
        log_payment(**base, payment_method="cash", contract=draft)
    assert refused.value.messages == [DRAFT_CONTRACT.format(number=draft.number)]
    active = ContractFactory(owner=sales_user, currency="EUR", start_date=D(2026, 1, 1))
    with pytest.raises(BusinessRuleError, match="EUR, the contract's currency"):
        log_payment(**{**base, "amount": Money(5, "USD")}, payment_method="cash", contract=active)
    payment = log_payment(**base, payment_method="cash", contract=active)
    assert (
        payment.contract == active and payment.order is None and payment.account == active.account
    )
    update_payment(payment, user=crm_admin, version=payment.version, notes="March")
    void_payment(Payment.objects.get(pk=payment.pk), user=crm_admin, reason="Entered in error")
    assert Payment.objects.get(pk=payment.pk).status == "void"
    figures = contract_figures(active, cycle_amount=Decimal("1000"), today=D(2026, 2, 20))
    assert figures.paid_this_year == 0 and figures.overdue == Decimal("2000")  # Jan, Feb


def test_database_requires_exactly_one_of_order_and_contract(crm_admin, sales_user):
    contract = ContractFactory(owner=sales_user)
    order = OrderFactory(owner=sales_user)
    payment = log_payment(
        user=crm_admin,
        contract=contract,
        amount="10",
        payment_date=D(2026, 1, 1),
        payment_method="cash",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(order=order)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(contract=None)
    assert Payment.objects.get(pk=payment.pk).contract_id == contract.pk
