"""The benchmark's invoice step at 1 % of the SPEC size on the retainer step's contracts:
every started period invoiced once with its payments linked and its status from them, and a
billing run afterwards that finds nothing due."""

import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crm.benchmark.invoices import billing_run_pages, seed_invoices
from crm.benchmark.retainers import seed_retainers
from crm.models import Invoice, InvoiceLine, InvoiceStatus, Payment
from crm.services.invoices import run_billing
from crm.tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_invoices_at_one_percent():
    users = UserFactory.create_batch(2)
    seed = SimpleNamespace(
        scale=0.01,
        rng=random.Random(7),
        users=users,
        owner=lambda i: users[i % 2],
        created={"accounts": AccountFactory.create_batch(20, owner=users[0])},
    )
    seed_retainers(seed)
    count = seed_invoices(seed)
    assert count == Invoice.objects.count() == InvoiceLine.objects.count()
    assert 0 < count <= 500
    # Every contract payment settles its period's invoice, and the statuses agree.
    assert not Payment.objects.filter(contract__isnull=False, invoice__isnull=True).exists()
    for row in Invoice.objects.with_amounts():
        if row.amount_paid >= row.total.amount:
            assert row.status == InvoiceStatus.PAID
        elif row.amount_paid > 0:
            assert row.status == InvoiceStatus.PARTIALLY_PAID
        else:
            assert row.status == InvoiceStatus.ISSUED
    # The seeded invoices are what the daily run would have issued: nothing is due today.
    assert run_billing(as_of=timezone.localdate(), dry_run=True).planned == []
    rows = {row["label"]: row for row in billing_run_pages(None)}
    response = rows["billing run, a month's invoices (rolled back)"]["call"](None, {})
    assert response.status_code == 200 and response.content.endswith(b" invoices")
    assert Invoice.objects.count() == count  # rolled back
