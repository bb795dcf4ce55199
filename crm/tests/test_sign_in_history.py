"""Signing in stamps last_login without writing a history row or bumping the version."""

import pytest

from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-Horse-42"


def test_sign_in_updates_last_login_but_adds_no_history_row(client):
    user = UserFactory(email="jane@x.com")
    rows, version = user.history.count(), user.version

    for _ in range(2):
        response = client.post("/login/", {"username": "jane@x.com", "password": PASSWORD})
        assert response.status_code == 302
        client.post("/logout/")

    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows
    assert user.version == version


def test_a_real_edit_still_writes_history(crm_admin):
    user = UserFactory()
    rows = user.history.count()
    user.first_name = "Renamed"
    user.save()
    assert user.history.count() == rows + 1
    assert not hasattr(user, "skip_history_when_saving")
