"""Ctrl+K as a salesperson uses it: the empty palette lists the records just viewed (and the
arrow keys reach them); a case is found by its number and by its subject, an order by its
number; "See all results" opens the /find/ page with the matches grouped by object."""

from urllib.parse import parse_qs, urlparse

from django.core.cache import cache

from crm.tests.factories import AccountFactory, CaseFactory, OrderFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def open_palette(page):
    page.keyboard.press("Control+k")
    box = page.locator("#search-input-command")
    box.wait_for(state="visible")
    return box


def search(page, term):
    """Type ``term`` and wait for the palette's answer to it (not a previous term's)."""
    box = page.locator("#search-input-command")
    box.fill("")

    def answers(response):
        return "/search/" in response.url and parse_qs(urlparse(response.url).query).get("s") == [
            term
        ]

    with page.expect_response(answers):
        box.press_sequentially(term)
    page.wait_for_function(
        "term => document.querySelector('#command-results-list') && "
        "document.querySelector('#search-input-command').value === term",
        arg=term,
    )
    return page.locator("#command-results-list")


def test_palette_finds_cases_and_orders_and_opens_find(signed_in_page, live_server, screenshot):
    cache.clear()  # Unfold caches answers per user id and term; ids repeat between tests
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", owner=sam)
    case = CaseFactory(account=account, owner=sam, subject="Contact form emails not arriving")
    order = OrderFactory(owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/case/{case.pk}/change/")
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/")

    open_palette(page)
    recent = page.locator("#command-recent li a")
    recent.first.wait_for()
    assert [recent.nth(i).get_attribute("href") for i in range(recent.count())] == [
        f"/crm/account/{account.pk}/change/",
        f"/crm/case/{case.pk}/change/",
    ]
    screenshot("search-palette-recent")

    case_link = f'a[href="/crm/case/{case.pk}/change/"]'
    search(page, f"cs-{case.pk}").locator(case_link).wait_for()
    search(page, "emails not arriving").locator(case_link).wait_for()
    results = search(page, order.number)
    results.locator(f'a[href="/crm/order/{order.pk}/change/"]').wait_for()
    screenshot("search-palette-order")

    results = search(page, "bakery")
    see_all = results.locator("li").last.locator("a")
    see_all.wait_for()
    assert "See all results for “bakery”" in see_all.inner_text()
    with page.expect_navigation():
        see_all.click()
    assert page.url.endswith("/find/?q=bakery")
    page.locator('[data-group="account"]').get_by_role("link", name="Brightside Bakery").wait_for()
    screenshot("search-find-page")

    # The arrow keys walk the recently viewed records too (Unfold's own list is only searches).
    page.goto(f"{live_server.url}/")
    open_palette(page)
    page.locator("#command-recent li").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/crm/case/{case.pk}/change/")
