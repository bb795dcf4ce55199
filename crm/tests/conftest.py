import pytest
from django.db import connection

from crm.tests.factories import AdminUserFactory, UserFactory


@pytest.fixture
def crm_admin(db):
    """An active user with the Admin role (group Admin), not a superuser."""
    return AdminUserFactory(first_name="Ada", last_name="Admin", email="ada@agency.example")


@pytest.fixture
def sales_user(db):
    return UserFactory(first_name="Sam", last_name="Seller", email="sam@agency.example")


@pytest.fixture
def crm_admin_client(client, crm_admin):
    client.force_login(crm_admin)
    return client


@pytest.fixture
def sales_client(client, sales_user):
    client.force_login(sales_user)
    return client


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (runs in CI on PostgreSQL)")


@pytest.fixture
def ticket(crm_admin):
    """A record of the test-only FSM model, with the admin allowed to edit tickets."""
    from django.contrib.auth.models import Permission

    from crm.tests.pathapp.models import Ticket

    crm_admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="pathapp", codename__contains="ticket")
    )
    return Ticket.objects.create(title="Logo refresh", owner=crm_admin)


@pytest.fixture(autouse=True)
def no_recently_viewed_trim(monkeypatch):
    """Recently Viewed trims a user's old rows when a row's id is a multiple of TRIM_EVERY:
    sequence-dependent, so it would add a query to a pinned page count now and then. Its own
    tests (crm/tests/services/test_recently_viewed.py) set it back."""
    from crm.services import recently_viewed

    monkeypatch.setattr(recently_viewed, "TRIM_EVERY", 10**12)
