"""List views in the browser (issue 23): a salesperson picks "My Accounts" in the selector,
saves the filtered list as a personal view and reopens it, removes a filter chip, and finds
the two accounts they opened under Recently Viewed, newest first."""

from crm.models import SavedListView
from crm.tests.factories import AccountFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def choose_view(page, label: str) -> None:
    page.locator(".crm-list-views__current").click()
    with page.expect_navigation():
        page.locator(".crm-list-views__menu").get_by_role("link", name=label, exact=True).click()


def table_rows(page) -> list[str]:
    """The record name (the first link) of each row."""
    rows = page.locator("#result_list tbody tr")
    return [rows.nth(i).locator("a").first.inner_text().strip() for i in range(rows.count())]


def current_view(page) -> str:
    return page.locator(".crm-list-views__name").inner_text().strip()


def test_list_views_selector_saved_view_chips_and_recently_viewed(
    signed_in_page, live_server, screenshot
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    for name, kind in (("Brightside Bakery", "customer"), ("Quillfeather", "vendor")):
        AccountFactory(name=name, type=kind, owner=sam)
    AccountFactory(name="Someone Else's", owner=UserFactory())
    page = signed_in_page("sam@agency.example", PASSWORD)
    accounts = f"{live_server.url}/crm/account/"

    # A built-in view from the selector.
    page.goto(accounts)
    assert current_view(page) == "All Accounts"
    assert "3 items" in page.locator(".crm-list-summary").inner_text()
    choose_view(page, "My Accounts")
    assert page.url.endswith("?view=mine")
    assert sorted(table_rows(page)) == ["Brightside Bakery", "Quillfeather"]

    # Save the filtered list as a personal view, then reopen it from the selector.
    page.goto(f"{accounts}?view=mine&type=vendor")
    page.get_by_role("button", name="Save as view…").click()
    page.fill("#crm-save-view input[name=name]", "My vendors")
    with page.expect_navigation():
        page.locator("#crm-save-view button[type=submit]").click()
    page.get_by_text("View 'My vendors' was saved.").wait_for()
    assert SavedListView.objects.get(owner=sam).name == "My vendors"
    choose_view(page, "All Accounts")
    choose_view(page, "My vendors")
    assert current_view(page) == "My vendors"
    assert table_rows(page) == ["Quillfeather"]
    screenshot("list_views_saved_view.png")

    # Remove the Type chip: the list widens to every account of the view.
    chip = page.locator(".crm-chip", has_text="Type: Vendor")
    with page.expect_navigation():
        chip.get_by_role("link").click()
    # A saved view changed is no longer that view: the list shows the view it was saved from.
    assert "type=" not in page.url and "view=mine" in page.url
    assert current_view(page) == "My Accounts"
    assert sorted(table_rows(page)) == ["Brightside Bakery", "Quillfeather"]
    assert page.locator(".crm-chip", has_text="Type:").count() == 0

    # Recently Viewed: the two accounts opened, the last one first.
    for name in ("Quillfeather", "Brightside Bakery"):
        page.goto(f"{accounts}?view=all&q={name.split()[0]}")
        with page.expect_navigation():
            page.locator("#result_list tbody").get_by_role("link", name=name).first.click()
    page.goto(accounts)
    choose_view(page, "Recently Viewed")
    assert table_rows(page) == ["Brightside Bakery", "Quillfeather"]
    assert "Sorted by Last viewed" in page.locator(".crm-list-summary").inner_text()
    screenshot("list_views_recently_viewed.png")


def test_deleting_a_saved_view_asks_first(signed_in_page, live_server):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    SavedListView.objects.create(
        owner=sam, list_key="crm.account", name="Vendors", query="type=vendor"
    )
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/account/?view=all")
    page.locator(".crm-list-views__current").click()
    delete = page.get_by_role("button", name="Delete view 'Vendors'")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    delete.click()
    page.wait_for_timeout(300)
    assert asked and "Delete the view 'Vendors'?" in asked[0]
    assert SavedListView.objects.filter(name="Vendors").exists()  # dismissed: kept

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        delete.click()
    page.get_by_text("View 'Vendors' was deleted.").wait_for()
    assert not SavedListView.objects.filter(name="Vendors").exists()


def test_the_filter_drawer_loads_when_opened_and_a_choice_applies_at_once(
    signed_in_page, live_server, screenshot
):
    """The page carries the empty drawer; "Filters" fetches its form, whose dropdowns are
    select2 widgets set up after it arrives, and choosing a value filters the list."""
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    AccountFactory(name="Brightside Bakery", type="customer", owner=sam)
    AccountFactory(name="Quillfeather", type="vendor", owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/account/?view=all")
    assert page.locator("#filter-form").count() == 0  # not drawn with the page
    page.locator(".filter-open-button").click()
    form = page.locator("#changelist-filter #filter-form")
    form.wait_for()
    assert form.locator("input[name=view][value=all]").count() == 1  # the view is kept
    screenshot("list_filter_drawer.png")
    select = form.locator(".select2-container").first
    select.click()
    with page.expect_navigation():
        page.locator(".select2-results__option", has_text="Vendor").click()
    assert "type__exact=vendor" in page.url or "type=vendor" in page.url, page.url
    assert table_rows(page) == ["Quillfeather"]
    assert page.locator(".crm-chip", has_text="Type: Vendor").count() == 1
