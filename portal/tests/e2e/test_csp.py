"""Every page works under the Content-Security-Policy in Chromium: no CSP violation, no console
error, no uncaught exception; the Kanban drag still moves a deal; the convert page has its
JavaScript catalogue (``gettext``)."""

import datetime
from decimal import Decimal

import pytest
from djmoney.money import Money

from crm.models.opportunities import Opportunity, Stage
from crm.tests.factories import (
    AccountFactory,
    AdminUserFactory,
    LeadFactory,
    LineItemFactory,
    OpportunityFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password

# Runs before any page script (injected by the browser itself, so the CSP does not apply):
# collects every securitypolicyviolation event of the document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def problems(page):
    """Console errors, page errors and CSP violations seen while the test runs."""
    seen: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        if message.type == "error":
            seen.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def _script_src(policy: str) -> str:
    """The script-src sources (a nonce follows only on pages that use one)."""
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    return directives["script-src"]


def _check(page, problems, path):
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"CSP violations on {path}: {violations}"
    assert problems == [], f"console errors on {path}: {problems}"


def test_pages_work_under_the_policy_and_the_kanban_drag_moves_a_deal(
    signed_in_page, live_server, problems
):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada")
    account = AccountFactory(name="Brightside Bakery", owner=ada)
    lead = LeadFactory(owner=ada, company="Nia's Noodles")
    deal = OpportunityFactory(
        owner=ada, account=account, name="Bakery website", close_date=datetime.date.today()
    )
    LineItemFactory(opportunity=deal, quantity=Decimal(1), sale_price=Money("4000", "USD"))
    page = signed_in_page(ada.email, PASSWORD)

    for path in (
        "/",
        f"/crm/account/{account.pk}/change/",
        "/crm/account/",
        f"/crm/lead/{lead.pk}/convert/",
        "/portal/pipeline/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        sources = _script_src(response.headers["content-security-policy"]).split()
        assert sources[:2] == ["'self'", "'unsafe-eval'"] and "'unsafe-inline'" not in sources
        assert response.headers["x-frame-options"] == "DENY"
        _check(page, problems, path)
        if path.endswith("/convert/"):
            # The admin date/time and autocomplete widgets use the JavaScript catalogue.
            assert page.evaluate("typeof gettext") == "function"

    # The filters submit on change (autosubmit.js; inline onchange would be blocked).
    with page.expect_navigation():
        page.select_option("select[name=owner]", "me")
    assert "owner=me" in page.url
    _check(page, problems, page.url)

    card = page.locator(".pipeline__card", has_text="Bakery website")
    card.drag_to(page.locator('.pipeline__cards[data-stage="proposal"]'))
    page.locator(".crm-toast--success").wait_for()
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.PROPOSAL
    _check(page, problems, "/portal/pipeline/ after the drag")


def test_sign_in_and_reset_pages_work_under_the_policy(page, live_server, problems, db):
    for path in ("/login/", "/accounts/password-reset/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        assert "content-security-policy" in response.headers
        _check(page, problems, path)


def test_add_related_opens_a_popup_window_not_a_blocked_frame(
    signed_in_page, live_server, problems
):
    ada = AdminUserFactory(email="ada@agency.example")
    page = signed_in_page(ada.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/opportunity/add/")
    page.click('[x-ref="relatedWidgetWrapperaccount"]')  # the ⋮ menu beside the field
    with page.expect_popup() as popup_info:
        page.click("#add_id_account")
    popup = popup_info.value
    popup.wait_for_load_state()
    assert "/crm/account/add/" in popup.url and "_popup=1" in popup.url
    assert page.locator("iframe.related-modal-frame").count() == 0
    _check(page, problems, "/crm/opportunity/add/")


def test_lists_right_align_money_and_show_false_as_a_dash(signed_in_page, live_server, problems):
    ada = AdminUserFactory(email="ada@agency.example")
    deal = OpportunityFactory(owner=ada, name="Bakery website")
    LineItemFactory(opportunity=deal, quantity=Decimal(1), sale_price=Money("4000", "USD"))
    page = signed_in_page(ada.email, PASSWORD)

    page.goto(f"{live_server.url}/crm/opportunity/")
    align = "element => getComputedStyle(element).textAlign"
    right = ("right", "end")  # the kit's money column says "end": right in a left-to-right page
    assert page.locator("td.field-amount_display").first.evaluate(align) in right
    assert page.locator("th.column-amount_display").evaluate(align) in right
    assert page.locator("td.field-close_date_display").first.evaluate(align) not in right

    page.goto(f"{live_server.url}/crm/product/")
    retainer = page.locator("td.field-is_retainer_product").first
    assert retainer.inner_text().strip().startswith("—")
    assert retainer.locator(".material-symbols-outlined").count() == 0  # no red ✗
    _check(page, problems, "/crm/product/")


def test_sign_out_lands_on_the_login_page(signed_in_page, live_server, problems, screenshot):
    ada = AdminUserFactory(email="ada@agency.example")
    page = signed_in_page(ada.email, PASSWORD)
    with page.expect_navigation():
        page.evaluate("document.getElementById('logout-form').submit()")
    page.get_by_text("You have been signed out.").wait_for()
    assert page.url.startswith(f"{live_server.url}/login/")
    _check(page, problems, "/login/ after /logout/")
    screenshot("signed-out")
