"""The invoice screens in Chromium: Issue Invoice opens as a dialog over the order, a part
amount lands on the new invoice's page (Total / Paid / Balance due / Due date large), Send
Invoice opens prefilled and queues the email, and the print page shows the same document.
Each step is photographed (artifacts/screenshots/invoice-*.png)."""

from crm.models import Invoice
from crm.models.outbox import EmailMessage
from crm.tests.factories import AdminUserFactory, ContactFactory, OrderFactory
from portal.tests.e2e.test_action_dialogs import DIALOG, PASSWORD, open_action, shoot


def test_issue_send_and_print_an_invoice(signed_in_page, live_server, screenshot):
    admin = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    order = OrderFactory(owner=admin, lines=3)
    account = order.account
    account.billing_contact = ContactFactory(account=account, email="ap@client.example")
    account.save()
    page = signed_in_page("ada@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/order/{order.pk}/change/")

    open_action(page, "Issue Invoice")
    dialog = page.locator(DIALOG)
    assert "Left to invoice" in dialog.inner_text() and "$3,000.00" in dialog.inner_text()
    dialog.locator("input[name=amount]").fill("1200")
    shoot(page, screenshot, "invoice-issue")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url("**/crm/invoice/*/change/")
    invoice = Invoice.objects.get(order=order)
    figures = page.locator(".crm-highlights")
    assert "$1,200.00" in figures.locator('[data-figure="total"]').inner_text()
    assert "$1,200.00" in figures.locator('[data-figure="balance"]').inner_text()
    screenshot("invoice-record")

    open_action(page, "Send Invoice")
    dialog = page.locator(DIALOG)
    assert dialog.locator("input[name=to]").input_value() == "ap@client.example"
    assert invoice.number in dialog.locator("input[name=subject]").input_value()
    shoot(page, screenshot, "invoice-send")
    dialog.locator("button[type=submit]").click()
    page.locator(DIALOG).wait_for(state="detached")
    page.locator(".crm-toast, [role=status], .messagelist").first.wait_for()
    assert EmailMessage.objects.get().to_list == ["ap@client.example"]

    page.goto(f"{live_server.url}/crm/invoice/")
    assert invoice.number in page.locator("#result_list").inner_text()
    screenshot("invoice-list")
    page.goto(f"{live_server.url}/crm/invoice/{invoice.pk}/print/")
    assert page.locator("[data-document-number]").inner_text() == invoice.number
    screenshot("invoice-print")
