"""Throttling per personal token (and per signed-in user on the app's own pages): a token
over its rate gets 429 with the error body; another token of the same user has its own count."""

import pytest

from api.kit.throttles import PerTokenThrottle
from api.tests.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "3/min"})


def test_a_token_over_its_rate_gets_429(three_per_minute, sales_user):
    client = token_client(sales_user)
    answers = [client.get("/api/v1/accounts/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    body = client.get("/api/v1/accounts/").json()
    assert body["status"] == 429 and body["code"] == "throttled"
    assert token_client(sales_user).get("/api/v1/accounts/").status_code == 200


def test_the_apps_own_pages_are_counted_per_user(three_per_minute, client, sales_user):
    client.force_login(sales_user)
    answers = [client.get("/api/v1/accounts/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
