"""Demo retainer contracts with a believable payment history, made through the services:
monthly maintenance, quarterly SEO and annual hosting contracts for thirteen accounts — most
paid up to date, two partly paid, three overdue this year, one terminated — and one in EUR.
Idempotent: once any contract exists nothing is added."""

import datetime
from decimal import Decimal
from itertools import cycle

from django.utils import timezone
from djmoney.money import Money

from crm.models import Account, Contract, Product
from crm.models.contracts import add_months
from crm.selectors.contracts import service_periods
from crm.services.contracts import NewLine, activate_contract, create_contract, terminate_contract
from crm.services.payments import log_payment

MAINTENANCE = ("MAINT-MO", "monthly", Decimal("650"))
SEO = ("SEO-MO", "quarterly", Decimal("3600"))  # three months of the monthly SEO retainer
HOSTING = ("HOST-MO", "annually", Decimal("1440"))  # twelve months of managed hosting
# (product, months before January of this year it started, currency, payment history)
PLAN = [
    (MAINTENANCE, 0, "USD", "paid"),
    (MAINTENANCE, 6, "USD", "paid"),
    (MAINTENANCE, -1, "USD", "paid"),
    (SEO, 0, "USD", "paid"),
    (SEO, -2, "USD", "paid"),
    (HOSTING, -1, "USD", "paid"),
    (HOSTING, -4, "EUR", "paid"),
    (MAINTENANCE, 0, "USD", "partial"),
    (SEO, 0, "USD", "partial"),
    (MAINTENANCE, 0, "USD", "overdue"),
    (SEO, -1, "USD", "overdue"),
    (HOSTING, -5, "USD", "overdue"),
    (MAINTENANCE, 0, "USD", "terminated"),
]
METHODS = cycle(["bank_transfer", "stripe", "bank_transfer", "paypal"])


def _pay(contract, period, amount, *, admin, today) -> None:
    paid_on = min(period.start + datetime.timedelta(days=4), today)
    log_payment(
        user=admin,
        contract=contract,
        amount=amount.quantize(Decimal("0.01")),
        payment_date=paid_on,
        payment_method=next(METHODS),
        service_period_start=period.start,
        service_period_end=period.end,
        transaction_id=f"DEMO-{contract.pk}-{period.start:%Y%m}",
    )


def _history(contract, history: str, *, admin, today) -> None:
    """Pay every period that has started, except what the history leaves open."""
    started = [
        p for p in service_periods(contract, cycle_amount=contract.cycle_amount) if p.start <= today
    ]
    due = [p for p in started if p.due_date <= today]
    skip = {due[-1].start} if history == "overdue" and due else set()
    if history == "overdue" and contract.billing_cycle == "monthly" and len(due) > 1:
        skip.add(due[-2].start)
    for period in started:
        if period.start in skip:
            continue
        share = Decimal("0.5") if history == "partial" and due and period == due[-1] else 1
        _pay(contract, period, period.expected * share, admin=admin, today=today)


def seed(*, admin, sales, scale: int) -> None:
    if Contract.objects.exists():
        return
    today = timezone.localdate()
    january = datetime.date(today.year, 1, 1)
    products = {p.product_code: p for p in Product.objects.filter(is_retainer_product=True)}
    accounts = list(Account.objects.filter(is_active=True).order_by("name")[: len(PLAN)])
    for account, ((code, billing_cycle, price), back, currency, history) in zip(
        accounts, PLAN, strict=False
    ):
        product = products.get(code)
        if product is None:
            continue
        start = add_months(january, -back)
        contract = create_contract(
            user=admin,
            account=account,
            start_date=start,
            term_months=24 if back > 0 else 12,
            billing_cycle=billing_cycle,
            currency=currency,
            lines=[NewLine(product, Decimal("1"), Money(price, currency))],
            owner=account.owner,
            description=f"{product.name}, billed {billing_cycle}.",
        )
        activate_contract(contract, user=admin)
        contract = Contract.objects.with_cycle_amount().get(pk=contract.pk)
        _history(contract, history, admin=admin, today=today)
        if history == "terminated":
            terminate_contract(contract, user=admin)
