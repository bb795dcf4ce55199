"""The benchmark's retainer step at 1 % of the SPEC size: contracts of every cycle with
their lines, exactly the payment count asked for, and a report that reads them."""

import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crm.benchmark.retainers import seed_retainers
from crm.models import Contract, ContractLineItem, Payment
from crm.selectors.retainers import retainer_grid
from crm.tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_retainers_at_one_percent():
    users = UserFactory.create_batch(2)
    seed = SimpleNamespace(
        scale=0.01,
        rng=random.Random(7),
        users=users,
        owner=lambda i: users[i % 2],
        created={"accounts": AccountFactory.create_batch(20, owner=users[0])},
    )
    rows = seed_retainers(seed)
    assert Contract.objects.count() == 30 == ContractLineItem.objects.count()
    assert set(Contract.objects.values_list("billing_cycle", flat=True)) == {
        "monthly",
        "quarterly",
        "annually",
    }
    assert Payment.objects.filter(contract__isnull=False).count() == 600
    assert rows == 30 + 30 + 600
    grid = retainer_grid(year=timezone.localdate().year)
    assert 0 < len(grid.rows) <= 20
    assert grid.totals[0].paid_total > 0
