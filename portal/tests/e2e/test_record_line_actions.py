"""Browser: the Kanban asks before reopening a won deal; Add Product fills the price from the
chosen product; Log Payment opens from the order's Payments card."""

from django.utils import timezone
from djmoney.money import Money

from crm.models import Opportunity, Stage
from crm.services.opportunities import generate_order
from crm.tests.factories import (
    AdminUserFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def _won(owner, name):
    deal = OpportunityFactory(owner=owner, name=name, close_date=timezone.localdate())
    LineItemFactory(opportunity=deal, sale_price=Money("4000", "USD"))
    Opportunity.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED_WON, probability=100)
    return deal


def test_kanban_asks_before_reopening_a_won_deal(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="seller@agency.example")
    deal = _won(seller, "Bakery website")
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    card = page.locator(".pipeline__card", has_text="Bakery website")
    card.drag_to(page.locator('.pipeline__cards[data-stage="proposal"]'))
    dialog = page.locator("#reopen-dialog")
    dialog.get_by_text("from Closed Won back to Proposal").wait_for()
    screenshot("pipeline_reopen_dialog.png")
    dialog.get_by_role("button", name="Cancel").click()
    won = page.locator('.pipeline__cards[data-stage="closed_won"]')
    won.locator(".pipeline__card", has_text="Bakery website").wait_for()  # snapped back
    assert won.locator(".pipeline__card", has_text="Bakery website").count() == 1
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.CLOSED_WON

    card.drag_to(page.locator('.pipeline__cards[data-stage="proposal"]'))
    dialog.get_by_role("button", name="Reopen").click()
    page.locator(".crm-toast--success").wait_for()
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.PROPOSAL


def test_add_product_fills_the_price_with_the_list_price(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="seller3@agency.example")
    deal = OpportunityFactory(owner=seller, currency="USD")
    ProductFactory(name="Website build", standard_list_price=Money("3200", "USD"))
    ProductFactory(name="Hosting EU", standard_list_price=Money("90", "EUR"))
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/opportunitylineitem/add/?opportunity={deal.pk}")
    price = page.locator("input[name=price_amount]")
    assert price.input_value() == ""
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Website")
    page.locator(".select2-results__option", has_text="Website build").click()
    assert price.input_value() == "3200.00"
    screenshot("add_product_price_filled.png")
    price.fill("3000")  # editable; a typed price is the user's
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Hosting")
    page.locator(".select2-results__option", has_text="Hosting EU").click()
    assert price.input_value() == "3000"
    page.get_by_text("List price 90.00 EUR: enter the price in USD.").wait_for()


def test_log_payment_from_the_payments_card(signed_in_page, live_server):
    ada = AdminUserFactory(email="ada@agency.example")
    deal = _won(ada, "Dentist SEO")
    order = generate_order(Opportunity.objects.get(pk=deal.pk), user=ada)
    page = signed_in_page(ada.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/order/{order.pk}/change/")
    card = page.locator("[data-related-list=payments]").first
    card.get_by_role("link", name="Log Payment").click()
    page.locator("input[name=amount]").wait_for()
    assert page.input_value("input[name=amount]") == "4000.00"
    page.locator("button[name=_log]").click()
    page.get_by_text("Payment of $4,000.00 was logged successfully.").wait_for()
