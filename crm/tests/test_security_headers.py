"""Security headers on every kind of response: CSP, no framing, Permissions-Policy."""

import pytest

from crm.tests.factories import AccountFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def _assert_headers(response):
    directives = _directives(response)
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["script-src"].startswith("'self'")
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_headers_on_sign_in_and_password_reset_pages(client):
    for url in ("/login/", "/accounts/password-reset/"):
        response = client.get(url)
        assert response.status_code == 200
        _assert_headers(response)


def test_headers_on_json_responses(client, crm_admin_client):
    _assert_headers(client.get("/api/health"))
    refused = crm_admin_client.post(
        "/portal/pipeline/move/", {"opportunity": OpportunityFactory().pk, "stage": "nope"}
    )
    assert refused["Content-Type"].startswith("application/json")
    _assert_headers(refused)


def test_unfold_pages_that_ask_for_sameorigin_are_sent_deny(crm_admin_client):
    """Unfold decorates changelist and change-form views with xframe_options_sameorigin."""
    account = AccountFactory()
    for url in ("/", "/crm/account/", f"/crm/account/{account.pk}/change/", "/crm/account/add/"):
        response = crm_admin_client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response)
    popup = crm_admin_client.get("/crm/account/add/?_popup=1")
    assert popup["X-Frame-Options"] == "DENY"


def test_headers_on_portal_pages(crm_admin_client):
    response = crm_admin_client.get("/portal/pipeline/")
    assert response.status_code == 200
    _assert_headers(response)
    body = response.content.decode()
    assert "onchange=" not in body and "data-autosubmit" in body


def test_the_nonce_is_per_request_and_matches_the_header(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    nonces = set()
    for _ in range(2):
        request = rf.get("/")
        middleware = CSPMiddleware(view)
        response = middleware(request)
        nonce = response.content.decode().split('"')[1]
        assert f"'nonce-{nonce}'" in _directives(response)["script-src"]
        nonces.add(nonce)
    assert len(nonces) == 2
