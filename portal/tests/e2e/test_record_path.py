"""Browser: the record path (chevrons select, a second click moves; the order's path never
skips), and screenshots of the opportunity, lead, order and case paths at 1440 and 390 px."""

from crm.models import Opportunity, Order, OrderStatus, Stage
from crm.services.opportunities import generate_order
from crm.tests.factories import (
    AdminUserFactory,
    CaseFactory,
    LeadFactory,
    LineItemFactory,
    OpportunityFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def _path(page):
    return page.locator("[data-crm-path]")


def _shoot(page, screenshot, name):
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"path_{name}_{width}.png")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_chevron_selects_then_mark_as_current_moves(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example")
    deal = OpportunityFactory(name="Bakery website", owner=ada)
    page = signed_in_page(ada.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/opportunity/{deal.pk}/change/")
    path = _path(page)
    complete = path.get_by_role("button", name="Mark Stage as Complete")
    assert complete.is_visible()
    _shoot(page, screenshot, "opportunity")

    path.locator('[data-stage="negotiation"]').click()  # selects only
    assert "crm-path__stage--selected" in path.locator("li", has_text="Negotiation").get_attribute(
        "class"
    )
    assert complete.is_hidden()
    confirm = path.get_by_role("button", name="Mark as Current Stage")
    confirm.wait_for()
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.QUALIFYING
    screenshot("path_opportunity_selected.png")
    with page.expect_navigation():
        confirm.click()
    page.get_by_text("moved to Negotiation").wait_for()
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.NEGOTIATION

    # The final chevron: "Closed", whose Close page asks Won or Lost.
    path.locator('[data-stage="closed"]').click()
    path.get_by_role("link", name="Select Closed Stage").wait_for()
    # Clicking the selected chevron again goes back to Mark Stage as Complete.
    path.locator('[data-stage="closed"]').click()
    assert path.get_by_role("link", name="Mark Stage as Complete").is_visible()


def test_order_path_never_skips_a_chevron(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada2@agency.example")
    deal = OpportunityFactory(name="Dentist SEO", owner=ada, account__owner=ada)
    LineItemFactory(opportunity=deal)
    Opportunity.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED_WON, probability=100)
    order = generate_order(Opportunity.objects.get(pk=deal.pk), user=ada)
    page = signed_in_page(ada.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/order/{order.pk}/change/")
    path = _path(page)
    labels = path.locator(".crm-path__stage").all_inner_texts()
    assert [label.strip() for label in labels] == [
        "Awaiting Payment",
        "Partially Paid",
        "Paid in Full",
        "Fulfilled / Cancelled",
    ]
    assert path.get_by_text("Mark Status as Complete").count() == 0
    assert path.get_by_role("link", name="Mark as Fulfilled").is_visible()
    _shoot(page, screenshot, "order")
    path.locator('[data-stage="partially_paid"]').click()
    path.locator('[data-path-panel="partially_paid"]').get_by_text("follow the payments").wait_for()
    # The chevron's own link (what a click does without JavaScript) selects on the server.
    href = path.locator('[data-stage="closed"]').get_attribute("href")
    assert href == "?path=closed"
    page.goto(f"{live_server.url}/crm/order/{order.pk}/change/{href}")
    path = _path(page)
    assert path.get_by_role("link", name="Mark as Cancelled").is_visible()
    path.get_by_role("link", name="Mark as Fulfilled").click()
    page.locator("dialog.crm-dialog[open]").wait_for()  # asks first, over the record
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT


def test_lead_and_case_paths(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada3@agency.example")
    lead = LeadFactory(owner=ada)
    case = CaseFactory(owner=ada, account__owner=ada)
    page = signed_in_page(ada.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/lead/{lead.pk}/change/")
    path = _path(page)
    assert path.get_by_role("button", name="Mark Status as Complete").is_visible()
    assert "Mark Stage" not in path.inner_text()
    _shoot(page, screenshot, "lead")
    page.goto(f"{live_server.url}/crm/case/{case.pk}/change/")
    assert _path(page).get_by_role("button", name="Mark Status as Complete").is_visible()
    _shoot(page, screenshot, "case")
