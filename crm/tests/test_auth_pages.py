"""The sign-in, signed-out pages, the favicon and the sidebar subtitle."""

import re

import pytest

from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FAVICON_LINK = 'rel="icon" href="/static/crm/favicon.svg" type="image/svg+xml"'


def test_login_page_links_forgot_your_password_and_the_favicon(client):
    body = client.get("/login/").content.decode()
    assert "Forgot your password?" in body
    assert "Forgotten your password or username?" not in body
    assert 'href="/accounts/password-reset/"' in body
    assert FAVICON_LINK in body


def test_logout_lands_on_the_login_page_saying_so(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    body = client.get(response.url).content.decode()
    assert "You have been signed out." in body
    assert 'data-testid="auth-note"' in body  # inline above the form, not a fading toast
    assert "successfully logged out from the administration" not in body
    assert FAVICON_LINK in body
    assert client.get("/").status_code == 302  # really signed out
    assert "You have been signed out." not in client.get("/login/").content.decode()  # once


def test_a_wrong_password_shows_one_error(client):
    user = UserFactory()
    response = client.post("/login/", {"username": user.email, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("errornote") == 1
    assert body.count("Invalid email or password.") == 1
    assert "Please correct the error" not in body


def test_the_login_page_has_the_product_mark_and_log_in_button_and_no_return_link(client):
    body = client.get("/login/").content.decode()
    assert 'data-testid="product-mark"' in body and "Agency CRM" in body and ">hub<" in body
    assert "Return to site" not in body
    button = re.search(r'<button[^>]*type="submit"[^>]*>(.*?)</button>', body, re.S).group(1)
    assert button.strip() == "Log in"


def test_favicon_is_linked_from_admin_portal_and_reset_pages(crm_admin_client, client):
    for url in ("/", "/crm/account/", "/portal/pipeline/"):
        assert FAVICON_LINK in crm_admin_client.get(url).content.decode(), url
    assert FAVICON_LINK in client.get("/accounts/password-reset/").content.decode()
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect.url == "/static/crm/favicon.svg"


def test_sidebar_subtitle_lists_only_areas_that_exist(crm_admin_client):
    from config.unfold import site_subheader

    # An area is named once one of its pages is registered.
    subtitle = site_subheader(None)
    assert subtitle == "Sales · Billing · Service · Marketing · Activities · Settings"
    body = crm_admin_client.get("/").content.decode()
    assert subtitle in body
