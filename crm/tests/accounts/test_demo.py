"""The demo seeder: realistic clients, some with parents, and safe to run twice."""

import pytest

from crm.demo.accounts import seed
from crm.models import Account, Contact
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_accounts_and_contacts_are_seeded_once():
    admin, sales = AdminUserFactory(), UserFactory()
    seed(admin=admin, sales=sales, scale=1)
    seed(admin=admin, sales=sales, scale=1)
    assert Account.objects.count() == 25
    assert Contact.objects.count() == 61
    assert Account.objects.filter(parent__isnull=False).count() == 5
    assert set(Account.objects.values_list("owner", flat=True)) == {admin.pk, sales.pk}
    northwind = Account.objects.get(name="Northwind Dental Group")
    assert northwind.children.count() == 2
    assert all(c.reports_to is None or c.reports_to.account_id == c.account_id
               for c in Contact.objects.select_related("reports_to"))  # fmt: skip


def test_scale_multiplies_the_accounts():
    seed(admin=AdminUserFactory(), sales=UserFactory(), scale=2)
    assert Account.objects.count() == 50
