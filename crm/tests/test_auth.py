"""Sign-in by email: success, one failure message, lock-out, sessions, logout."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from crm.auth import INVALID_LOGIN_MESSAGE
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN_URL = "/login/"
PASSWORD = "Correct-Horse-42"


def login(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": email, "password": password, "next": "/"})


def test_login_with_email_in_any_case_lands_on_home(client):
    UserFactory(email="jane@x.com", first_name="Jane")
    response = login(client, "Jane@X.com")
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Welcome, Jane" in home.content.decode()


@pytest.mark.parametrize("case", ["wrong_password", "unknown_email", "inactive_user"])
def test_every_failure_shows_the_same_message(client, case):
    user = UserFactory(email="jane@x.com", is_active=case != "inactive_user")
    email = "nobody@x.com" if case == "unknown_email" else user.email
    password = "wrong-password" if case == "wrong_password" else PASSWORD
    response = login(client, email, password)
    body = response.content.decode()
    assert response.status_code == 200
    assert INVALID_LOGIN_MESSAGE in body
    assert "case-sensitive" not in body and "inactive" not in body.lower()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_email_for_fifteen_minutes(client):
    UserFactory(email="jane@x.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert INVALID_LOGIN_MESSAGE in login(client, "jane@x.com", "nope").content.decode()
    locked = login(client, "JANE@x.com", "nope")  # same counter whatever the case
    assert locked.status_code == 429
    assert "locked for 15 minutes" in locked.content.decode()
    # Even the right password is refused while locked.
    again = login(client, "jane@x.com")
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_sessions_survive_browser_restarts_for_two_weeks_and_logout_ends_them(client):
    UserFactory(email="jane@x.com")
    login(client, "jane@x.com")
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    assert not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] and cookie["httponly"]
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_production_hasher_is_argon2():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # tests only
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_createsuperuser_works_with_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sup3r-Secret-Pass")
    call_command(
        "createsuperuser",
        interactive=False,
        email="Boss@Agency.example",
        first_name="Bea",
        last_name="Boss",
        verbosity=0,
    )
    boss = get_user_model().objects.get_by_natural_key("boss@agency.example")
    assert boss.is_superuser and boss.is_staff and boss.role == "admin"
    assert boss.groups.filter(name="Admin").exists()
    assert boss.check_password("Sup3r-Secret-Pass")


def test_password_reset_pages_are_styled_and_anonymous(client):
    response = client.get("/accounts/password-reset/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Reset your password" in body and "Agency CRM" in body
