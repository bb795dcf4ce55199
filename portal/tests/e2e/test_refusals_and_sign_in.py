"""In Chromium: a refusal is the app's page inside the shell; the login page shows one error,
the product mark and "Log in"; logging out lands on the login page saying so; a record's
Details name who created and last modified it. Screenshots at desktop and phone widths."""

import pytest

from crm.models import Account
from crm.services.records import save_record
from crm.tests.factories import AdminUserFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password
WIDTHS = (1440, 390)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_sales_user_on_an_admin_only_page_sees_the_refusal_in_the_shell(
    signed_in_page, live_server, screenshot, width
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    page = signed_in_page(sam.email, PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/crm/account/")
    response = page.goto(f"{live_server.url}/crm/user/", referer=f"{live_server.url}/crm/account/")
    assert response.status == 403
    refusal = page.get_by_test_id("refusal")
    assert "You cannot do this: only administrators can open users." in refusal.inner_text()
    assert page.locator("#nav-sidebar-inner").count() == 1  # inside the app's shell
    screenshot(f"refusal-{width}")
    page.get_by_role("link", name="Back to Home").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_wrong_password_shows_one_error_on_the_login_page(page, live_server, screenshot, width):
    user = UserFactory(email="sam@agency.example")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    assert page.get_by_role("link", name="Return to site").count() == 0
    assert "Agency CRM" in page.get_by_test_id("product-mark").inner_text()
    button = page.locator("button[type=submit]")
    assert button.inner_text().strip() == "Log in"
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        button.click()
    assert page.locator(".errornote").count() == 1
    assert page.get_by_test_id("login-error").inner_text().strip() == "Invalid email or password."
    screenshot(f"login-error-{width}")


def test_log_out_lands_on_the_login_page_with_the_message(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example")
    page = signed_in_page(ada.email, PASSWORD)
    with page.expect_navigation():
        page.evaluate("document.getElementById('logout-form').submit()")
    assert page.url == f"{live_server.url}/login/"
    assert page.get_by_test_id("auth-note").inner_text() == "You have been signed out."
    screenshot("logged-out-on-login-1440")


@pytest.mark.parametrize("width", WIDTHS)
def test_details_show_who_created_and_last_modified_the_record(
    signed_in_page, live_server, screenshot, width
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    ana = AdminUserFactory(first_name="Ana", last_name="Ruiz")
    account = save_record(Account(name="Brightside Bakery", owner=sam), user=ana)
    account.website = "brightside.example"
    save_record(account, user=sam)
    page = signed_in_page(sam.email, PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/")
    created = page.get_by_role("link", name="Ana Ruiz")
    assert created.get_attribute("href") == f"/crm/user/{ana.pk}/card/"
    assert page.get_by_text("Last modified by").count() == 1
    owner_links = page.locator(f'#content-main a[href="/crm/user/{sam.pk}/card/"]')
    assert owner_links.count() >= 2  # Owner on Details and Last modified by
    assert page.locator('#content-main a[href*="/crm/user/"][href$="/change/"]').count() == 0
    screenshot(f"details-system-information-{width}")
