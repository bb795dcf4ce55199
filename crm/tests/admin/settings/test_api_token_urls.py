"""A malformed or unknown API token id is the app's 404 page on every per-token URL, not a
redirect to Home ("Perhaps it was deleted?")."""

import pytest
from django.test import override_settings
from django.utils.html import escape

from crm.admin.kit.urls import NOT_FOUND
from crm.tests.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
@pytest.mark.parametrize("bad", ["abc", "999999", "x" * 200])
@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/", "revoke/", ""])
def test_unknown_or_malformed_token_ids_are_404_in_the_shell(sales_client, bad, suffix):
    response = sales_client.get(f"/crm/apitoken/{bad}/{suffix}")
    assert response.status_code == 404
    html = response.content.decode()
    assert escape(NOT_FOUND) in html and "Sales" in html  # inside the app's shell


def test_an_existing_token_still_opens(sales_client, sales_user):
    token = ApiTokenFactory(user=sales_user)
    assert sales_client.get(f"/crm/apitoken/{token.pk}/change/").status_code == 200
