"""Inline edit in the list (issue 23 item 5): a salesperson edits an account's phone in the
Accounts list with Enter and sees it without a reload; Esc cancels; a stale edit shows the
concurrency toast and puts the cell back."""

from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Case, CaseStatus, Opportunity
from crm.models.opportunities import STAGE_PROBABILITY, Stage
from crm.tests.factories import AccountFactory, CaseFactory, OpportunityFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def phone_cell(page):
    return page.locator("#result_list tbody tr .crm-inline[data-column=phone_display]").first


def test_inline_edit_phone_enter_escape_and_stale(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", phone="(555) 000-0001", owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/account/")
    page.evaluate("window.__noReload = 1")  # gone if the page reloads

    # Enter on the focused cell opens the editor; Enter saves; no reload.
    cell = phone_cell(page)
    cell.focus()
    page.keyboard.press("Enter")
    editor = cell.locator("input.crm-inline__input")
    editor.fill("(555) 987-6543")
    screenshot("inline_edit_open.png")
    editor.press("Enter")
    cell.locator(".crm-inline__value", has_text="(555) 987-6543").wait_for()
    assert cell.get_attribute("data-version") == "2"
    assert page.evaluate("window.__noReload") == 1
    assert Account.objects.get(pk=account.pk).phone == "(555) 987-6543"

    # Esc cancels: nothing saved, the cell shows its value again.
    cell.hover()
    cell.locator(".crm-inline__pencil").click()
    cell.locator("input.crm-inline__input").fill("nothing")
    page.keyboard.press("Escape")
    assert cell.locator("input").count() == 0
    assert "(555) 987-6543" in cell.inner_text()
    assert Account.objects.get(pk=account.pk).version == 2

    # Someone else saved meanwhile: the stale edit is refused, toast shown, cell restored.
    Account.objects.filter(pk=account.pk).update(version=3, phone="(555) 111-1111")
    cell.locator(".crm-inline__pencil").click()
    cell.locator("input.crm-inline__input").fill("(555) 222-2222")
    page.keyboard.press("Enter")
    page.locator(".crm-toast", has_text=STALE_RECORD_MESSAGE[:40]).wait_for()
    assert cell.locator("input").count() == 0
    assert "(555) 987-6543" in cell.inner_text()
    assert Account.objects.get(pk=account.pk).phone == "(555) 111-1111"
    screenshot("inline_edit_stale.png")


def test_apply_to_selected(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    first, second = (AccountFactory(name=n, type="customer", owner=sam) for n in ("Alpha", "Beta"))
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/crm/account/")
    page.locator("#result_list tbody input.action-select").nth(0).check()
    page.locator("#result_list tbody input.action-select").nth(1).check()
    cell = page.locator("#result_list tbody tr .crm-inline[data-column=type]").first
    cell.hover()
    cell.locator(".crm-inline__pencil").click()
    cell.locator("select.crm-inline__input").select_option("partner")
    screenshot("inline_edit_bulk.png")
    cell.get_by_role("button", name="Apply to 2 selected").click()
    page.locator(".crm-toast", has_text="saved on 2 record(s)").wait_for()
    cells = page.locator("#result_list tbody tr .crm-inline[data-column=type] .crm-inline__value")
    assert [cells.nth(i).inner_text().strip() for i in range(2)] == ["Partner", "Partner"]
    assert {a.type for a in Account.objects.filter(pk__in=[first.pk, second.pk])} == {"partner"}


def test_stage_moves_in_place_and_a_refused_move_puts_the_cell_back(
    signed_in_page, live_server, screenshot
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    deal = OpportunityFactory(name="Bakery relaunch", owner=sam)
    case = CaseFactory(subject="Checkout is down", owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)

    # The stage moves through the opportunity's service: probability follows, history kept.
    page.goto(f"{live_server.url}/crm/opportunity/?view=all")
    stage = page.locator("#result_list tbody tr .crm-inline[data-column=stage_badge]").first
    stage.hover()
    stage.locator(".crm-inline__pencil").click()
    stage.locator("select.crm-inline__input").select_option(Stage.PROPOSAL)
    stage.get_by_role("button", name="Save").click()
    stage.locator(".crm-inline__value", has_text="Proposal").wait_for()
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.probability) == (Stage.PROPOSAL, STAGE_PROBABILITY[Stage.PROPOSAL])

    # A case cannot go back to New: the service's message shows and the cell is put back.
    page.goto(f"{live_server.url}/crm/case/?view=all")
    status = page.locator("#result_list tbody tr .crm-inline[data-column=status_pill]").first
    status.hover()
    status.locator(".crm-inline__pencil").click()
    status.locator("select.crm-inline__input").select_option(CaseStatus.IN_PROGRESS)
    status.locator("select.crm-inline__input").press("Enter")
    status.locator(".crm-inline__value", has_text="In Progress").wait_for()
    status.locator(".crm-inline__pencil").click()
    status.locator("select.crm-inline__input").select_option(CaseStatus.NEW)
    status.locator("select.crm-inline__input").press("Enter")
    page.locator(".crm-toast--error, .crm-toast[role=alert]").first.wait_for()
    screenshot("inline_edit_refused.png")
    assert status.locator("select").count() == 0
    assert "in progress" in status.inner_text().lower()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS
