"""A salesperson captures an inquiry as a lead, qualifies it and converts it into an existing
client account with one action, then follows the success screen to the new records."""

from crm.models import Account, Contact, Lead, Opportunity
from crm.tests.factories import AccountFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def test_salesperson_creates_qualifies_and_converts_a_lead(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    client = AccountFactory(name="Brightside Bakery", owner=sam, billing_city="Boulder")
    page = signed_in_page("sam@agency.example", PASSWORD)

    page.goto(f"{live_server.url}/crm/lead/add/")
    page.fill("input[name=first_name]", "Nia")
    page.fill("input[name=last_name]", "Obi")
    page.fill("input[name=company]", "Brightside Bakery")
    page.fill("input[name=email]", "nia@brightside.example")
    page.fill("input[name=phone]", "(555) 010-2000")
    page.select_option("select[name=lead_source]", "referral")
    with page.expect_navigation():
        page.click("button[name=_save]")
    page.get_by_text("Lead 'Nia Obi' was created.").wait_for()
    lead = Lead.objects.get(email="nia@brightside.example")
    assert (lead.status, lead.owner) == ("new", sam)

    page.click("a[data-stage=qualified]")  # selects the chevron; the button moves
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as Current Status").click()
    page.get_by_text("Lead 'Nia Obi' moved to Qualified.").wait_for()

    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="Convert").click()
    suggestion = page.locator(f"input[name=account_choice][value='{client.pk}']")
    assert suggestion.is_checked()  # the exact-name client is preselected: no duplicate
    assert page.locator("[data-suggestion=account]").count() == 1
    opportunity_name = page.input_value("input[name=opportunity_name]")
    assert opportunity_name.startswith("Brightside Bakery - ")
    page.fill("input[name=opportunity_name]", "Brightside online shop")
    assert screenshot("lead_conversion_page.png").stat().st_size > 0

    with page.expect_navigation():
        page.click("button[name=_convert]")
    page.get_by_role("heading", name="Your lead has been converted").wait_for()
    page.get_by_text("Lead 'Nia Obi' was converted.").wait_for()
    assert screenshot("lead_converted.png").stat().st_size > 0
    assert Account.objects.count() == 1  # the existing client was used
    contact = Contact.objects.get(email="nia@brightside.example")
    opportunity = Opportunity.objects.get(name="Brightside online shop")
    assert (contact.account, opportunity.account) == (client, client)

    success_url = page.url
    for label, record, url in (
        ("account", client, f"/crm/account/{client.pk}/change/"),
        ("contact", contact, f"/crm/contact/{contact.pk}/change/"),
        ("opportunity", opportunity, f"/crm/opportunity/{opportunity.pk}/change/"),
    ):
        page.goto(success_url)
        with page.expect_navigation():
            page.locator(f"[data-converted={label}] a").click()
        assert page.url.endswith(url), label
        page.locator(".crm-highlights__title").get_by_text(str(record)).wait_for()

    page.goto(f"{live_server.url}/crm/lead/{lead.pk}/change/")
    page.locator("[data-converted-banner]").get_by_text("this lead is read-only").wait_for()
    assert page.locator("input[name=company]").count() == 0
