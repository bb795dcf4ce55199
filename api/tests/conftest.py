import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from crm.services.api_tokens import issue_token
from crm.tests.conftest import crm_admin, postgres_only, sales_user  # noqa: F401
from crm.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    _, plain = issue_token(user=user, name="Tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


@pytest.fixture
def admin_api(crm_admin):  # noqa: F811
    return token_client(crm_admin)


@pytest.fixture
def sales_api(sales_user):  # noqa: F811
    return token_client(sales_user)


@pytest.fixture
def colleague(db):
    return UserFactory(first_name="Cleo", last_name="Colleague", email="cleo@agency.example")


@pytest.fixture
def anon_api():
    return APIClient()
