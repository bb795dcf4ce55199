"""Header actions open as dialogs over the record (issue 24, UI.md "Dialogs"): the path's
Closed chevron asks Won / Lost (a loss needs a reason), Esc closes without a change, Void
Payment asks a reason that shows in the payment's history, and the other actions show what
they will do. Each dialog is photographed at 1440 and 390 px; without JavaScript the same
URLs are full pages."""

from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.utils import timezone

from crm.models import Opportunity, Payment, Stage
from crm.tests.factories import (
    AdminUserFactory,
    CaseFactory,
    ContractFactory,
    LineItemFactory,
    OpportunityFactory,
    PaymentFactory,
    ProductFactory,
)
from portal.tests.e2e.conftest import SCREENSHOT_DIR

PASSWORD = "Correct-Horse-42"  # the factories' password
DIALOG = "dialog.crm-dialog[open]"


def ada():
    return AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")


def shoot(page, screenshot, name: str) -> None:
    """The open dialog at desktop and phone width: the viewport as the user sees it (a
    full-page capture would stretch the viewport the modal is laid out in)."""
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"dialog-{name}-{width}.png"))
    page.set_viewport_size({"width": 1440, "height": 900})


def open_close_dialog(page) -> None:
    """The path's Closed chevron selected, then its "Select Closed Stage" button."""
    page.goto(page.url.split("?")[0] + "?path=closed")
    page.locator('.crm-path a[data-path-target][href$="/close/"]').first.click()
    page.locator(DIALOG).wait_for()


def open_action(page, name: str) -> None:
    actions = page.locator(".crm-highlights__actions")
    link = actions.locator("a", has_text=name).first
    if not link.is_visible():  # in the ▾ More menu
        actions.locator("summary").filter(has_text="More").click()
    link.click()
    page.locator(DIALOG).wait_for()


def test_close_opportunity_in_a_dialog(signed_in_page, live_server, screenshot):
    admin = ada()
    deal = OpportunityFactory(name="Website rebuild", owner=admin, account__owner=admin)
    LineItemFactory(opportunity=deal, sale_price=Decimal("12000.00"))
    page = signed_in_page("ada@agency.example", PASSWORD)
    record = f"{live_server.url}/crm/opportunity/{deal.pk}/change/"
    page.goto(record)
    # Opens over the record; Esc closes it and nothing changed.
    open_close_dialog(page)
    dialog = page.locator(DIALOG)
    assert dialog.locator(".crm-dialog__title").inner_text() == "Close Opportunity"
    assert "Website rebuild" in dialog.locator(".crm-dialog-identity").inner_text()
    assert "$12,000.00" in dialog.inner_text()
    today = timezone.localdate().isoformat()
    assert dialog.locator("input[name=close_date]").input_value() == today
    page.keyboard.press("Escape")
    assert page.locator(DIALOG).count() == 0 and page.url.startswith(record)
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.QUALIFYING

    # Lost without a reason: refused inside the dialog; with one: saved, toast on the record.
    open_close_dialog(page)
    dialog.locator("label.crm-choice-card--lost").click()
    assert dialog.locator("select[name=loss_reason]").is_visible()
    shoot(page, screenshot, "close-opportunity-lost")
    dialog.get_by_role("button", name="Close Opportunity").click()
    page.locator(f"{DIALOG} .crm-field-error", has_text="Choose why the deal was lost.").wait_for()
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.QUALIFYING
    dialog.locator("select[name=loss_reason]").select_option("competitor")
    dialog.locator("textarea[name=loss_details]").fill("Chose an in-house team")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Close Opportunity").click()
    page.get_by_text("Opportunity 'Website rebuild' is Closed Lost.").wait_for()
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.loss_reason, stored.loss_details) == ("competitor", "Chose an in-house team")


def test_won_today_and_what_generate_order_copies(signed_in_page, live_server, screenshot):
    admin = ada()
    deal = OpportunityFactory(name="Brightside website", owner=admin, account__owner=admin)
    build = ProductFactory(name="Website build", owner=admin)
    hosting = ProductFactory(name="Hosting (1 year)", owner=admin, is_retainer_product=True)
    LineItemFactory(opportunity=deal, product=build, sale_price=Decimal("3000.00"))
    LineItemFactory(opportunity=deal, product=hosting, sale_price=Decimal("1000.00"))
    page = signed_in_page("ada@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/opportunity/{deal.pk}/change/")

    open_action(page, "Create Quote")
    dialog = page.locator(DIALOG)
    assert "Quote total" in dialog.inner_text() and "$4,000.00" in dialog.inner_text()
    shoot(page, screenshot, "create-quote")
    dialog.get_by_role("link", name="Cancel").click()
    assert page.locator(DIALOG).count() == 0

    open_close_dialog(page)
    shoot(page, screenshot, "close-opportunity-won")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Close Opportunity").click()
    page.get_by_text("Opportunity 'Brightside website' is Closed Won.").wait_for()
    assert Opportunity.objects.get(pk=deal.pk).close_date == timezone.localdate()

    open_action(page, "Generate Order")
    rows = dialog.locator("tbody tr")
    assert rows.count() == 2 and "Website build" in rows.first.inner_text()
    assert "Order total" in dialog.inner_text()
    shoot(page, screenshot, "generate-order")
    page.keyboard.press("Escape")

    open_action(page, "Generate Contract")
    assert "Hosting (1 year)" in dialog.inner_text() and "Website build" not in dialog.inner_text()
    shoot(page, screenshot, "generate-contract")
    page.keyboard.press("Escape")


def test_void_payment_reason_reaches_the_history(signed_in_page, live_server, screenshot):
    admin = ada()
    payment = PaymentFactory(owner=admin, amount="400.00")
    page = signed_in_page("ada@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/payment/{payment.pk}/change/")
    open_action(page, "Void Payment")
    dialog = page.locator(DIALOG)
    text = dialog.inner_text()
    assert (
        "$400.00" in text and payment.order.number in text and "Balance due after voiding" in text
    )
    shoot(page, screenshot, "void-payment")
    dialog.get_by_role("button", name="Void Payment").click()
    page.locator(f"{DIALOG} .crm-field-error", has_text="Say why").wait_for()
    dialog.locator("textarea[name=reason]").fill("Card charged twice")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Void Payment").click()
    page.get_by_text("was voided").first.wait_for()
    assert Payment.objects.get(pk=payment.pk).void_reason == "Card charged twice"
    page.goto(f"{live_server.url}/crm/payment/{payment.pk}/history/")
    page.get_by_text("Card charged twice").first.wait_for()


def test_consequences_of_the_other_actions(signed_in_page, live_server, screenshot):
    admin = ada()
    contract = ContractFactory(owner=admin)
    case = CaseFactory(owner=admin, subject="Site down")
    page = signed_in_page("ada@agency.example", PASSWORD)
    base = live_server.url
    dialog = page.locator(DIALOG)

    page.goto(f"{base}/crm/contract/{contract.pk}/change/")
    open_action(page, "Terminate")
    assert "no payment is expected after it" in dialog.inner_text()
    shoot(page, screenshot, "terminate-contract")
    page.keyboard.press("Escape")

    page.goto(f"{base}/crm/case/{case.pk}/change/")
    open_action(page, "Close")
    assert "reopening it later clears this resolution" in dialog.inner_text()
    shoot(page, screenshot, "close-case")
    page.keyboard.press("Escape")

    page.goto(f"{base}/crm/account/{contract.account_id}/change/")
    open_action(page, "Deactivate")
    assert "All historical data will be preserved." in dialog.inner_text()
    shoot(page, screenshot, "deactivate-account")
    page.keyboard.press("Escape")


def test_without_javascript_the_action_is_a_page(browser, live_server, transactional_db):
    admin = ada()
    deal = OpportunityFactory(name="No script deal", owner=admin, account__owner=admin)
    client = Client()
    client.force_login(admin)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1440, "height": 900}
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    context.add_cookies([cookie])
    page = context.new_page()
    try:
        # The Closed chevron's step, as the server renders it selected (?path=closed).
        page.goto(f"{live_server.url}/crm/opportunity/{deal.pk}/change/?path=closed")
        step = page.locator('.crm-path a[data-path-target][href$="/close/"]').first
        page.goto(live_server.url + step.get_attribute("href"))
        # Unfold's shell stays hidden without scripts, so read and post the page's own form.
        form = page.locator("[data-crm-dialog-body] form")
        assert form.locator("input[name=outcome][value=closed_won]").count() == 1
        fields = {
            name: form.locator(f"input[name={name}]").get_attribute("value")
            for name in ("csrfmiddlewaretoken", "version", "close_date")
        }
        response = page.request.post(
            page.url,
            form={**fields, "outcome": "closed_won", "_close": "1"},
            headers={"Referer": page.url},
            max_redirects=0,
        )
        assert response.status == 302
        assert response.headers["location"] == f"/crm/opportunity/{deal.pk}/change/"
        assert Opportunity.objects.get(pk=deal.pk).stage == Stage.CLOSED_WON
    finally:
        context.close()
