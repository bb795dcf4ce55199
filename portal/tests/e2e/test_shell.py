"""Browser: the shell every page shares (issue 23) — toasts that behave the same everywhere,
the sidebar beside the page from 1280 px, and no sideways page scroll on a 390 px phone."""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from crm.models import Account, Activity, Case, Contact, Opportunity, Order
from crm.tests.factories import AdminUserFactory, factory_for_model

PASSWORD = "Correct-Horse-42"  # the factories' password
ADMIN = "ada@agency.example"
LONG = "Brightside Bakery and Wholesale Patisserie of the Greater Denver Metropolitan Area"
PHONE_LISTS = {  # the lists a salesperson opens on the road
    "accounts": Account,
    "contacts": Contact,
    "opportunities": Opportunity,
    "orders": Order,
    "cases": Case,
    "activities": Activity,
}


def send_messages(page, live_server, *pairs):
    """The messages cookie a redirect after an action leaves behind."""
    storage = CookieStorage(HttpRequest())
    value = storage._encode([Message(level, text) for level, text in pairs])
    page.context.add_cookies(
        [{"name": storage.cookie_name, "value": value, "url": live_server.url}]
    )


def test_success_toast_goes_by_itself_and_an_error_stays_until_closed(
    signed_in_page, live_server, screenshot
):
    AdminUserFactory(email=ADMIN)
    page = signed_in_page(ADMIN, PASSWORD)
    send_messages(
        page,
        live_server,
        (messages.SUCCESS, "Account 'Acme' was saved."),
        (messages.ERROR, "The record was modified by another user."),
    )
    page.goto(f"{live_server.url}/crm/account/")
    success = page.locator(".crm-toast--success", has_text="was saved")
    error = page.locator(".crm-toast--error", has_text="modified by another user")
    success.wait_for()
    # Floating top-centre over the page, not a banner in the flow.
    stack = page.locator("[data-crm-toasts]").bounding_box()
    width = page.viewport_size["width"]
    assert stack["y"] < 40 and abs(stack["x"] + stack["width"] / 2 - width / 2) < 2
    screenshot("shell-toasts.png")

    success.wait_for(state="detached", timeout=7_000)
    page.wait_for_timeout(1_000)
    assert error.is_visible(), "an error toast must stay until it is closed"
    error.get_by_role("button", name="Close this message").click()
    error.wait_for(state="detached", timeout=2_000)


def test_page_scripts_raise_the_same_toast(signed_in_page, live_server):
    AdminUserFactory(email=ADMIN)
    page = signed_in_page(ADMIN, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    page.evaluate("window.crmToast('Stage changed to Proposal.', 'success')")
    toast = page.locator(".crm-toast--success", has_text="Stage changed")
    assert toast.get_attribute("role") == "status"
    page.evaluate("window.crmToast('The move was refused.', 'error')")
    assert page.locator(".crm-toast--error").get_attribute("role") == "alert"
    toast.wait_for(state="detached", timeout=7_000)


def test_sidebar_beside_the_list_at_1280_and_no_sideways_scroll_at_390(
    signed_in_page, live_server, screenshot
):
    AdminUserFactory(email=ADMIN)
    makers = factory_for_model()
    account = makers[Account](name=LONG)
    makers[Contact](account=account)
    deal = makers[Opportunity](account=account, name=LONG)
    order = makers[Order]()
    case = makers[Case](account=account, subject=LONG)
    makers[Activity](subject=LONG)
    # Besides the lists, the pages with the widest parts: the path, the record tabs, a form's
    # fieldsets, the calendar's toolbar.
    others = [
        f"/crm/opportunity/{deal.pk}/change/",
        f"/crm/order/{order.pk}/change/",
        f"/crm/case/{case.pk}/change/",
        "/crm/activity/add/",
        "/portal/calendar/",
    ]
    page = signed_in_page(ADMIN, PASSWORD)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/crm/account/")
    sidebar = page.locator("#nav-sidebar")
    assert sidebar.is_visible(), "the sidebar is hidden at 1280 px"
    main = page.locator("#main").bounding_box()
    assert main["x"] >= sidebar.bounding_box()["width"] - 1, "the sidebar covers the list"
    screenshot("shell-accounts-1280.png")

    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    lists = [f"/crm/{model._meta.model_name}/" for model in PHONE_LISTS.values()]
    for path in lists + others:
        page.goto(f"{live_server.url}{path}")
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            wide[path] = sizes
        if path == lists[0]:
            screenshot("shell-accounts-390.png")
    assert not wide, f"pages scroll sideways at 390 px (scrollWidth, innerWidth): {wide}"
