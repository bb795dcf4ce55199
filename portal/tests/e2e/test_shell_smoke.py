"""Smoke test of the shell in a real browser: sign-in form, Home, role-aware sidebar."""

import pytest

from crm.auth import INVALID_LOGIN_MESSAGE
from crm.tests.factories import AdminUserFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def sidebar_titles(page) -> list[str]:
    """Titles of the Unfold sidebar entries (the Material icon names excluded)."""
    entries = page.locator("#nav-sidebar-apps li > a > span:not(.material-symbols-outlined)")
    return [text.strip() for text in entries.all_inner_texts()]


def test_admin_signs_in_and_lands_on_home_with_users_in_the_sidebar(
    signed_in_page, live_server, screenshot
):
    AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")

    page = signed_in_page("ada@agency.example", PASSWORD)

    assert page.url == f"{live_server.url}/"
    page.get_by_role("heading", name="Welcome, Ada").wait_for()
    assert "ada@agency.example" in page.locator(".crm-home__welcome").inner_text()
    titles = sidebar_titles(page)
    assert "Home" in titles
    assert "Users" in titles
    assert screenshot("home.png").stat().st_size > 0


def test_sales_user_does_not_see_users_in_the_sidebar(signed_in_page, live_server):
    UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")

    page = signed_in_page("sam@agency.example", PASSWORD)

    assert page.url == f"{live_server.url}/"
    page.get_by_role("heading", name="Welcome, Sam").wait_for()
    titles = sidebar_titles(page)
    assert "Home" in titles
    assert "Users" not in titles


@pytest.mark.parametrize("email", ["ada@agency.example", "nobody@agency.example"])
def test_failed_sign_in_shows_only_the_generic_message(sign_in, email):
    AdminUserFactory(email="ada@agency.example")

    page = sign_in(email, "not-the-password")

    assert page.url.endswith("/login/")
    errors = page.get_by_text(INVALID_LOGIN_MESSAGE, exact=True)
    assert errors.count() == 1
    assert errors.first.is_visible()
    assert errors.first.inner_text().strip() == "Invalid email or password."
