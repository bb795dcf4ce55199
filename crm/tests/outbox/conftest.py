import pytest

from crm.tests.factories import AccountFactory, ContactFactory


@pytest.fixture
def contact(sales_user):
    account = AccountFactory(name="Acme", owner=sales_user)
    return ContactFactory(
        account=account,
        first_name="Jane",
        last_name="Doe",
        email="jane@acme.example",
        owner=sales_user,
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a service queued for after its transaction (the in-process worker)."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
