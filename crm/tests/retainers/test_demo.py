"""Demo retainers: about twelve contracts through the services, most paid, two partial, three
overdue this year, one terminated, one in EUR; a second run changes nothing."""

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models import Contract, ContractStatus, Payment
from crm.selectors.retainers import OVERDUE, PARTIAL, retainer_grid
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_seeders(admin, sales):
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)


def test_demo_retainers_tell_a_believable_story_and_run_twice_safely():
    admin, sales = AdminUserFactory(), UserFactory()
    run_seeders(admin, sales)
    contracts = Contract.objects.all()
    assert 12 <= contracts.count() <= 13
    assert set(contracts.values_list("billing_cycle", flat=True)) == {
        "monthly",
        "quarterly",
        "annually",
    }
    assert contracts.filter(status=ContractStatus.TERMINATED).count() == 1
    assert contracts.filter(currency="EUR").count() == 1
    assert Payment.objects.filter(contract__isnull=False).count() > 40
    assert Contract.history.filter(history_user=admin).exists()
    if timezone.localdate().month >= 7:  # by mid-year every plan has a month past its grace
        grid = retainer_grid(year=timezone.localdate().year)
        states = [{cell.state for cell in row.cells} for row in grid.rows]
        assert sum(OVERDUE in found for found in states) == 3
        assert sum(PARTIAL in found for found in states) == 2
    counts = (Contract.objects.count(), Payment.objects.count())
    run_seeders(admin, sales)
    assert (Contract.objects.count(), Payment.objects.count()) == counts
