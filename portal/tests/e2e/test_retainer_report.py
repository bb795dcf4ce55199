"""The retainer report in a browser: an admin opens the report, sees a red overdue cell and
the account in the Overdue accounts panel, follows the cell to the contract, logs the payment
(the form is pre-filled with that month and the cycle amount) and comes back: the cell is
green and the account has left the panel. Screenshots of the report before and after."""

import datetime
from decimal import Decimal

from django.utils import timezone

from crm.models import Contract
from crm.selectors.contracts import service_periods
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
