"""Following the money from a won deal to "paid in full": an admin wins an opportunity,
generates its order, logs half the total (Partially Paid), the rest (Paid in Full), voids one
payment (back to Partially Paid, the row struck through) and fulfils the order (the assets
appear on the account). A screenshot of the order page at each step."""

from decimal import Decimal

from crm.models import Asset, Order, OrderStatus
from crm.tests.factories import (
    AdminUserFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def current_stage(page) -> str:
    return page.locator(".crm-path__stage--current").inner_text().strip()


def figure(page, key: str) -> str:
    return page.locator(f"[data-figure={key}]").inner_text().strip()


def log_payment(page, amount: str | None = None) -> None:
    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="Log Payment").click()
    if amount is not None:
        page.fill("input[name=amount]", amount)
    with page.expect_navigation():
        page.click("button[name=_log]")


def test_admin_follows_a_won_deal_to_paid_in_full(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    deal = OpportunityFactory(name="Brightside website", owner=ada, account__owner=ada)
    deal.account.name = "Brightside Bakery"
    deal.account.save()
    build = ProductFactory(name="Website build", owner=ada)
    hosting = ProductFactory(name="Hosting (1 year)", owner=ada)
    LineItemFactory(opportunity=deal, product=build, sale_price=Decimal("3000.00"))
    LineItemFactory(opportunity=deal, product=hosting, sale_price=Decimal("1000.00"))
    ContactRoleFactory(opportunity=deal, is_primary=True)
    page = signed_in_page("ada@agency.example", PASSWORD)
    base = live_server.url

    # Win the deal.
    page.goto(f"{base}/crm/opportunity/{deal.pk}/close/")
    page.check("input[name=outcome][value=closed_won]")
    with page.expect_navigation():
        page.click("button[name=_close]")
    page.get_by_text("Opportunity 'Brightside website' is Closed Won.").wait_for()

    # Generate Order: asks first, then lands on the new order.
    page.locator(".crm-highlights__actions").get_by_role("link", name="Generate Order").click()
    page.locator("dialog.crm-dialog[open]").wait_for()  # over the deal (issue 24)
    page.get_by_text(
        "This will create a formal order for this opportunity. Are you sure?"
    ).wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Generate Order").click()
    order = Order.objects.get(opportunity=deal)
    assert page.url.endswith(f"/crm/order/{order.pk}/change/")
    assert current_stage(page) == "Awaiting Payment"
    assert (figure(page, "total"), figure(page, "balance")) == ("$4,000.00", "$4,000.00")
    assert screenshot("billing_1_order_generated.png").stat().st_size > 0

    # The Log Payment form: order number shown, the retainer switch reveals the period.
    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="Log Payment").click()
    page.locator("[data-order-number]").get_by_text(order.number).wait_for()
    assert page.input_value("input[name=amount]") == "4000.00"
    assert page.locator("input[name=service_period_start]").is_hidden()
    page.locator("input[name=is_retainer]").check(force=True)
    assert page.locator("input[name=service_period_start]").is_visible()
    assert screenshot("billing_log_payment_form.png").stat().st_size > 0
    page.locator("input[name=is_retainer]").uncheck(force=True)
    page.go_back()

    # Half the total: Partially Paid, with the balance.
    log_payment(page, "2000.00")
    page.get_by_text("Payment of $2,000.00 was logged successfully.").wait_for()
    assert current_stage(page) == "Partially Paid"
    assert (figure(page, "paid"), figure(page, "balance")) == ("$2,000.00", "$2,000.00")
    assert screenshot("billing_2_partially_paid.png").stat().st_size > 0

    # The rest (the form defaults to the balance): Paid in Full.
    log_payment(page)
    page.get_by_text("Payment of $2,000.00 was logged successfully.").wait_for()
    assert current_stage(page) == "Paid in Full"
    assert figure(page, "balance") == "$0.00"
    assert screenshot("billing_3_paid_in_full.png").stat().st_size > 0

    # Void one: back to Partially Paid, the row struck through.
    payments = page.locator("[data-related-list=payments]")
    with page.expect_navigation():
        payments.get_by_role("link", name="Void").first.click()
    page.get_by_text(
        "Are you sure you want to void this payment? This will adjust the balance due on the "
        "parent order."
    ).wait_for()
    page.fill("textarea[name=reason]", "Logged against the wrong order")
    with page.expect_navigation():
        page.get_by_role("button", name="Void Payment").click()
    assert current_stage(page) == "Partially Paid"
    assert figure(page, "balance") == "$2,000.00"
    # The order's Payments card sits beside Details (and again on Related): the first one.
    payments = page.locator("[data-related-list=payments]").first
    assert payments.locator("del.crm-void").count() >= 4  # every cell of the void row
    struck = payments.locator("tr", has=page.locator("del.crm-void"))
    assert struck.count() == 1 and "Void" in struck.inner_text()
    decoration = payments.locator("del.crm-void").first.evaluate(
        "cell => getComputedStyle(cell).textDecorationLine"
    )
    assert decoration == "line-through"
    assert screenshot("billing_4_payment_voided.png").stat().st_size > 0

    # Fulfil: confirmation, then one asset per line on the account.
    page.locator(".crm-highlights__actions").get_by_role("link", name="Fulfil").click()
    page.locator("dialog.crm-dialog[open]").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Fulfil").click()
    page.get_by_text(f"Order '{order.number}' was fulfilled.").wait_for()
    assert current_stage(page) == "Fulfilled"
    assert screenshot("billing_5_fulfilled.png").stat().st_size > 0
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED
    assert Asset.objects.filter(account=deal.account).count() == 2

    page.goto(f"{base}/crm/account/{deal.account_id}/change/#related")
    assets = page.locator("[data-related-list=assets]")
    assets.get_by_role("link", name="Website build").wait_for()
    assets.get_by_role("link", name="Hosting (1 year)").wait_for()
    assert "Assets (2)" in assets.inner_text()
    assert screenshot("billing_6_account_assets.png").stat().st_size > 0
