"""The retainer report in a browser: an admin opens the report, sees a red overdue cell and
the account in the Overdue accounts panel, follows the cell to the contract, logs the payment
(the form is pre-filled with that month and the cycle amount) and comes back: the cell is
green and the account has left the panel. Screenshots of the report before and after.

Issue 25: the report opens on the current months (rolling twelve ending next month) with the
account column still visible after scrolling the grid sideways, at 1440 and 390 px without
page-level sideways scroll; "Log overdue payments" logs two overdue periods at once."""

import datetime
from decimal import Decimal

from django.utils import timezone

from crm.models import Contract, Payment
from crm.models.contracts import add_months, month_start
from crm.selectors.contracts import overdue_periods, service_periods
from crm.services.payments import log_payment
from crm.tests.factories import AccountFactory, AdminUserFactory, ContractFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def test_overdue_cell_to_paid(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    today = timezone.localdate()
    start = datetime.date(today.year - 1, 1, 1)
    account = AccountFactory(name="Brightside Bakery", owner=ada)
    contract = ContractFactory(
        owner=ada, account=account, start_date=start, term_months=24, price="650"
    )
    periods = service_periods(contract, cycle_amount=Decimal("650"))
    late = [p for p in periods if p.due_date <= today][-1]  # the latest month past its grace
    for period in periods:
        if period.start <= today and period != late:
            log_payment(
                user=ada,
                contract=contract,
                amount="650",
                payment_date=min(period.start + datetime.timedelta(days=3), today),
                payment_method="bank_transfer",
                service_period_start=period.start,
                service_period_end=period.end,
            )
    page = signed_in_page("ada@agency.example", PASSWORD)
    report = f"{live_server.url}/portal/retainers/?year={late.start.year}"
    month = f"{late.start:%b %Y}"

    page.goto(report)
    row = page.locator('tr[data-account="Brightside Bakery"]')
    cell = row.locator(f'td[data-month="{month}"]')
    assert cell.get_attribute("data-state") == "overdue"
    panel = page.locator("[data-overdue-panel]")
    assert panel.locator('[data-overdue-account="Brightside Bakery"]').count() == 1
    assert "650.00" in panel.inner_text()
    assert screenshot("retainers_1_overdue.png").stat().st_size > 0

    # The unpaid cell leads to the contract, whose Log Payment is pre-filled.
    with page.expect_navigation():
        cell.locator("a").click()
    assert page.url.endswith(f"/crm/contract/{contract.pk}/change/")
    assert page.locator("[data-figure=overdue]").inner_text().strip() == "$650.00"
    assert screenshot("retainers_contract_page.png").stat().st_size > 0
    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="Log Payment").click()
    assert page.input_value("input[name=amount]") == "650.00"
    assert page.input_value("input[name=service_period_start]") == late.start.isoformat()
    assert page.input_value("input[name=service_period_end]") == late.end.isoformat()
    with page.expect_navigation():
        page.click("button[name=_log]")
    page.get_by_text("Payment of $650.00 was logged successfully.").wait_for()

    # Back on the report: the month is paid and the account has left the Overdue panel.
    page.goto(report)
    cell = page.locator('tr[data-account="Brightside Bakery"]').locator(f'td[data-month="{month}"]')
    assert cell.get_attribute("data-state") == "paid"
    assert page.locator('[data-overdue-account="Brightside Bakery"]').count() == 0
    assert Contract.objects.get(pk=contract.pk).payments.count() >= 1
    assert screenshot("retainers_2_paid.png").stat().st_size > 0


def _late_contract(ada, name: str):
    """A monthly $650 contract from four months ago, the first two months paid: the months
    after them whose grace has passed are overdue."""
    today = timezone.localdate()
    start = add_months(month_start(today), -4)
    contract = ContractFactory(
        owner=ada, account=AccountFactory(name=name, owner=ada), start_date=start, price="650"
    )
    for period in service_periods(contract, cycle_amount=Decimal("650"))[:2]:
        log_payment(
            user=ada,
            contract=contract,
            amount="650",
            payment_date=period.start,
            payment_method="bank_transfer",
            service_period_start=period.start,
            service_period_end=period.end,
        )
    return contract


def test_opens_on_the_current_months_with_a_sticky_account_column(
    signed_in_page, live_server, screenshot
):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    _late_contract(ada, "Northwind Traders International")
    today = timezone.localdate()
    page = signed_in_page("ada@agency.example", PASSWORD)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/portal/retainers/")
        heads = page.locator("[data-grid] thead th").all_inner_texts()
        assert f"{add_months(month_start(today), 1):%b}" in heads[-2]  # next month, then Total
        row = page.locator('tr[data-account="Northwind Traders International"]')
        assert row.locator(f'td[data-month="{today:%b %Y}"]').count() == 1
        # No sideways scroll of the page itself; the grid scrolls inside its card.
        overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.evaluate(overflow) <= 0
        scroller = page.locator(".retainers__grid-card .retainers__scroll")
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        assert scroller.evaluate("el => el.scrollLeft") > 0
        box, name = scroller.bounding_box(), row.locator("th").bounding_box()
        assert abs(name["x"] - box["x"]) <= 1  # the account column stayed at the left edge
        assert row.locator("th a").is_visible()
        assert screenshot(f"retainers_rolling_{width}.png").stat().st_size > 0


def test_log_two_overdue_periods_at_once(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    contract = _late_contract(ada, "Brightside Bakery")
    overdue = overdue_periods(contract)
    assert len(overdue) >= 2
    page = signed_in_page("ada@agency.example", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/portal/retainers/")
    row = page.locator('[data-overdue-account="Brightside Bakery"]')
    row.locator("[data-log-overdue]").click()
    dialog = page.locator("dialog.crm-dialog[open]")
    dialog.wait_for()
    assert dialog.locator(".crm-dialog__title").inner_text() == "Log overdue payments"
    periods = dialog.locator("[data-period]").all_inner_texts()
    assert [text.split("\t")[0].strip() for text in periods] == [
        f"{p.start:%b %Y}" for p in overdue
    ]
    assert screenshot("retainers_log_overdue_dialog.png").stat().st_size > 0
    with page.expect_navigation():
        dialog.get_by_role("button", name=f"Log {len(overdue)} payments").click()
    page.get_by_text(f"Logged {len(overdue)} payments for Brightside Bakery").wait_for()
    assert page.locator('[data-overdue-account="Brightside Bakery"]').count() == 0
    grid_row = page.locator('tr[data-account="Brightside Bakery"]')
    for period in overdue:
        cell = grid_row.locator(f'td[data-month="{period.start:%b %Y}"]')
        assert cell.get_attribute("data-state") == "paid"
    assert Payment.objects.filter(contract=contract).count() == 2 + len(overdue)
    assert screenshot("retainers_after_logging.png").stat().st_size > 0
