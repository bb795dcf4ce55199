"""A salesperson creates an account, adds a contact from the account page and sees it in the
account's Contacts related list (Salesforce 360° record page)."""

from crm.models import Account, Contact
from crm.tests.factories import UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def test_salesperson_creates_an_account_and_adds_a_contact_from_it(
    signed_in_page, live_server, screenshot
):
    UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    page = signed_in_page("sam@agency.example", PASSWORD)

    page.goto(f"{live_server.url}/crm/account/add/")
    page.fill("input[name=name]", "Brightside Bakery")
    page.select_option("select[name=type]", "customer")
    page.fill("input[name=phone]", "(555) 010-2000")
    page.fill("input[name=website]", "brightside.example")
    page.fill("input[name=billing_city]", "Denver")
    with page.expect_navigation():
        page.click("button[name=_save]")
    page.get_by_text("Account 'Brightside Bakery' was created.").wait_for()
    account = Account.objects.get(name="Brightside Bakery")
    assert account.owner.email == "sam@agency.example"

    page.click("a[data-tab=related]")
    contacts = page.locator("[data-related-list=contacts]")
    contacts.get_by_text("No contacts yet").wait_for()
    with page.expect_navigation():
        contacts.get_by_role("link", name="New Contact").first.click()
    assert page.locator("select[name=account]").is_disabled()
    page.fill("input[name=first_name]", "Lena")
    page.fill("input[name=last_name]", "Novak")
    page.fill("input[name=email]", "lena@brightside.example")
    page.fill("input[name=title]", "Marketing Lead")
    with page.expect_navigation():
        page.click("button[name=_save]")

    page.get_by_text("Contact 'Lena Novak' was created.").wait_for()
    assert page.url.endswith(f"/crm/account/{account.pk}/change/#related")
    contacts = page.locator("[data-related-list=contacts]")
    contacts.get_by_role("link", name="Lena Novak").wait_for()
    assert contacts.is_visible()
    assert "Contacts (1)" in contacts.inner_text()
    assert Contact.objects.get(email="lena@brightside.example").account == account
    assert screenshot("account_page.png").stat().st_size > 0
