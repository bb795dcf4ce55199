import pytest

from crm.tests.factories import AccountFactory, CaseFactory, ContactFactory


@pytest.fixture
def account(sales_user):
    return AccountFactory(name="Brightside Bakery", owner=sales_user)


@pytest.fixture
def contact(account):
    return ContactFactory(first_name="Lena", last_name="Novak", account=account)


@pytest.fixture
def case(account, contact, sales_user):
    return CaseFactory(
        subject="Contact form stopped sending", account=account, contact=contact, owner=sales_user
    )
