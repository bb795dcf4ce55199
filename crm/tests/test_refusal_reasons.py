"""The reason on the 403 page, from the refused URL when the exception carries none."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from crm.views.refusal_reasons import GENERIC_REASON, refusal_for


def _request(user=None, match=None):
    return SimpleNamespace(user=user, resolver_match=match)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("You may not export this list", "you may not export this list."),
        ("API tokens are yours only.", "API tokens are yours only."),
        ("  ", GENERIC_REASON),
    ],
)
def test_a_message_reads_after_you_cannot_do_this(message, reason):
    assert refusal_for(_request(), PermissionDenied(message)).reason == reason


def test_a_bare_refusal_outside_the_admin_is_the_generic_reason():
    anonymous = SimpleNamespace(is_authenticated=False)
    assert refusal_for(_request(anonymous), PermissionDenied()).reason == GENERIC_REASON


@pytest.mark.django_db
def test_an_administrator_is_never_told_only_administrators_may(crm_admin_client):
    response = crm_admin_client.get("/crm/order/add/")
    if response.status_code != 403:
        pytest.skip("orders can be added by hand here")
    body = response.content.decode()
    assert "only administrators" not in body
    assert "You cannot do this: orders cannot be created here." in body
