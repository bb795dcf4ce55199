"""Home in a browser (issue 25 item 5): the six KPI cards sit in one row at 1440 px (3 × 2 on
a tablet, 2 × 3 on a phone); a chart bar opens the filtered list with as many records as the
bar counts. Screenshots of Home at 1440 and 390 px."""

from django.utils import timezone

from crm.tests.factories import (
    AccountFactory,
    AdminUserFactory,
    CaseFactory,
    LeadFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def _kpi_rows(page) -> list[int]:
    """How many cards each visual row of the KPI band holds."""
    tops = [round(box["y"]) for box in _boxes(page.locator('[data-testid="home-kpi"]'))]
    return [tops.count(top) for top in sorted(set(tops))]


def _boxes(locator):
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def test_kpis_in_one_row_and_a_chart_bar_opens_its_list(signed_in_page, live_server, screenshot):
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    colleague = UserFactory()
    for owner, priority in ((ada, "high"), (ada, "high"), (colleague, "high"), (ada, "low")):
        CaseFactory(account=AccountFactory(owner=owner), priority=priority)
    CaseFactory(
        account=AccountFactory(owner=colleague),
        priority="medium",
        status="closed",
        closed_at=timezone.now(),
    )
    for source in ("web", "web", "referral", ""):
        LeadFactory(owner=ada, lead_source=source)
    page = signed_in_page("ada@agency.example", PASSWORD)

    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{live_server.url}/?scope=team")
    assert _kpi_rows(page) == [6]
    assert "Unspecified" in page.locator('[data-testid="leads-by-source"]').inner_text()
    screenshot("home-1440")

    # Cases chart: the "New" row's High segment counts three cases (two of Ada's, one not).
    chart = page.locator('[data-testid="cases-chart"]')
    assert "High" in chart.locator(".crm-chart__legend").inner_text()
    new_row = chart.locator(".crm-chart__row").filter(has_text="New")
    assert new_row.locator(".crm-chart__value").inner_text() == "4"
    high = new_row.locator('[data-testid="chart-bar"]').first
    assert high.get_attribute("title") == "New · High: 3"
    with page.expect_navigation():
        high.click()
    assert "/crm/case/" in page.url and "priority__exact=high" in page.url
    assert page.locator("#result_list tbody tr").count() == 3

    page.set_viewport_size({"width": 900, "height": 1000})
    page.goto(f"{live_server.url}/?scope=team")
    assert _kpi_rows(page) == [3, 3]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/?scope=team")
    assert _kpi_rows(page) == [2, 2, 2]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"Home scrolls sideways on a phone ({width} px)"
    screenshot("home-390")
