"""Password-reset requests are throttled per address and per IP; the answer never tells
whether an address exists."""

import pytest
from django.core import mail
from django.core.cache import cache

from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/password-reset/"
DONE = "/accounts/password-reset/done/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_reset(client, email, ip="203.0.113.7"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def test_known_and_unknown_addresses_get_the_same_answer(client):
    UserFactory(email="jane@x.com")
    known = request_reset(client, "jane@x.com")
    unknown = request_reset(client, "nobody@x.com")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url) == (302, DONE)
    assert len(mail.outbox) == 1


def test_per_address_limit_stops_emails_but_not_the_answer(client, settings):
    settings.CRM_PASSWORD_RESET_PER_EMAIL = 3
    UserFactory(email="jane@x.com")
    for n in range(5):
        response = request_reset(client, "Jane@X.com", ip=f"203.0.113.{n}")
        assert (response.status_code, response.url) == (302, DONE)
    assert len(mail.outbox) == 3  # the 4th and 5th requests sent nothing
    # An unknown address over its limit answers exactly the same way.
    for n in range(5):
        response = request_reset(client, "nobody@x.com", ip=f"198.51.100.{n}")
        assert (response.status_code, response.url) == (302, DONE)


def test_per_ip_limit_answers_429_with_a_clear_message(client, settings):
    settings.CRM_PASSWORD_RESET_PER_IP = 4
    UserFactory(email="jane@x.com")
    for n in range(4):
        assert request_reset(client, f"user{n}@x.com").status_code == 302
    throttled = request_reset(client, "jane@x.com")
    assert throttled.status_code == 429
    assert "Too many password-reset requests from your network" in throttled.content.decode()
    assert len(mail.outbox) == 0
    # Another client is not affected.
    assert request_reset(client, "jane@x.com", ip="192.0.2.1").status_code == 302
    assert len(mail.outbox) == 1
