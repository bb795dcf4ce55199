"""Retainer data for the SPEC §10 benchmark (a ``crm.benchmark.seed`` step; the report's
pages are ``retainer_pages`` in ``crm.benchmark.pages``).

``seed_retainers``: 2,000 accounts get 3,000 activated contracts (monthly maintenance,
quarterly SEO, annual hosting; two-year terms starting last year) and 60,000 completed
contract payments for the service periods that have started — about one period in twelve
left unpaid (overdue), some paid in two instalments."""

import datetime
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from crm.models import Contract, ContractLineItem, Payment, Product
from crm.models.contracts import BillingCycle, add_months, contract_end

SIZES = {"retainer_accounts": 2_000, "contracts": 3_000, "payments": 60_000}
BATCH = 2000
PLANS = [  # (cycle, product code, price per cycle, share of contracts in tenths)
    (BillingCycle.MONTHLY, "BENCH-MAINT", Decimal("650"), 8),
    (BillingCycle.QUARTERLY, "BENCH-SEO", Decimal("3600"), 1),
    (BillingCycle.ANNUALLY, "BENCH-HOST", Decimal("1440"), 1),
]
METHODS = ["bank_transfer", "stripe", "paypal", "cash"]


def _size(seed, name: str) -> int:
    return max(1, round(SIZES[name] * seed.scale))


def _products(seed) -> dict[str, Product]:
    products = Product.objects.bulk_create(
        Product(
            name=f"Bench {code.split('-')[1].title()} retainer",
            product_code=code,
            family="maintenance",
            is_retainer_product=True,
            standard_list_price=Money(price, "USD"),
            owner=seed.owner(0),
        )
        for _, code, price, _ in PLANS
    )
    return {product.product_code: product for product in products}


def _plan(index: int):
    slot = index % 10
    for cycle, code, price, tenths in PLANS:
        if slot < tenths:
            return cycle, code, price
        slot -= tenths
    return PLANS[0][:3]


def seed_retainers(seed) -> int:
    """Contracts, their lines and payments (bulk inserts, no history rows)."""
    rng, today = seed.rng, timezone.localdate()
    accounts = seed.created["accounts"][: _size(seed, "retainer_accounts")]
    products = _products(seed)
    first_start = datetime.date(today.year - 1, 1, 1)
    contracts = []
    for i in range(_size(seed, "contracts")):
        cycle, code, price = _plan(i)
        account = accounts[i % len(accounts)]
        start = add_months(first_start, rng.randrange(12))
        contract = Contract(
            account=account,
            start_date=start,
            term_months=24,
            end_date=contract_end(start, 24),
            billing_cycle=cycle,
            status="activated",
            currency="USD",
            owner=account.owner,
        )
        contract.bench_plan = (code, price)
        contracts.append(contract)
    Contract.objects.bulk_create(contracts, batch_size=BATCH)
    ContractLineItem.objects.bulk_create(
        (
            ContractLineItem(
                contract=contract,
                product=products[contract.bench_plan[0]],
                quantity=Decimal("1"),
                price_per_cycle=Money(contract.bench_plan[1], "USD"),
            )
            for contract in contracts
        ),
        batch_size=BATCH,
    )
    due = [
        (contract, start, end)
        for contract in contracts
        for start, end in contract.cycle_periods()
        if start <= today and rng.random() > 0.08  # about one in twelve left unpaid
    ]
    target = _size(seed, "payments")
    splits = max(0, target - len(due))  # the first periods are paid in two instalments
    rows = []
    for n, (contract, start, end) in enumerate(due):
        price = contract.bench_plan[1]
        parts = [price / 2, price / 2] if n < splits else [price]
        for part in parts:
            rows.append(
                Payment(
                    contract=contract,
                    amount=Money(part, "USD"),
                    payment_date=min(start + datetime.timedelta(days=rng.randrange(20)), today),
                    payment_method=METHODS[n % len(METHODS)],
                    status="completed",
                    service_period_start=start,
                    service_period_end=end,
                    owner=seed.owner(n),
                )
            )
    Payment.objects.bulk_create(rows[:target], batch_size=BATCH)
    seed.created["contracts"] = contracts
    return len(contracts) + len(contracts) + min(len(rows), target)
