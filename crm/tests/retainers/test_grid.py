"""retainer_grid against the hand-computed fixture in conftest.py."""

from decimal import Decimal

import pytest

from crm.selectors.retainer_overdue import overdue_summary
from crm.selectors.retainers import OVERDUE, PAID, PARTIAL, UPCOMING, retainer_grid
from crm.tests.retainers.conftest import TODAY, D

pytestmark = pytest.mark.django_db

N = Decimal


def rows_by_name(grid):
    return {(row.account_name, row.currency): row for row in grid.rows}


def states(row):
    return [cell.state for cell in row.cells]


def test_rows_are_accounts_per_currency_with_retainer_money_or_expectations(retainer_book):
    grid = retainer_grid(year=2026, today=TODAY)
    assert [(r.account_name, r.currency) for r in grid.rows] == [
        ("Alpha", "USD"),
        ("Bravo", "USD"),
        ("Charlie", "EUR"),
        ("Charlie", "USD"),
        ("Delta", "USD"),
        ("Echo", "USD"),
        ("Golf", "USD"),
    ]
    assert grid.months[0] == D(2026, 1, 1) and grid.months[-1] == D(2026, 12, 1)


def test_monthly_contract_exact_partial_over_late_missing_and_void(retainer_book):
    alpha = rows_by_name(retainer_grid(year=2026, today=TODAY))["Alpha", "USD"]
    assert [c.paid for c in alpha.cells] == [N(x) for x in (1000, 600, 1200, 1000)] + [N(0)] * 8
    assert all(c.expected == N(1000) for c in alpha.cells)
    assert states(alpha) == [PAID, PARTIAL, PAID, PAID, OVERDUE, OVERDUE] + [UPCOMING] * 6
    assert [c.overdue_amount for c in alpha.cells[:6]] == [N(x) for x in (0, 400, 0, 0, 1000, 1000)]
    assert alpha.overdue_months == [D(2026, 2, 1), D(2026, 5, 1), D(2026, 6, 1)]
    assert (alpha.expected_total, alpha.paid_total, alpha.overdue_amount) == (
        N(12000),
        N(3800),
        N(2400),
    )
    assert alpha.cells[4].contract_id == retainer_book["alpha"].pk


def test_quarterly_contract_starting_mid_month_expects_every_third_month(retainer_book):
    bravo = rows_by_name(retainer_grid(year=2026, today=TODAY))["Bravo", "USD"]
    expected = [c.expected for c in bravo.cells]
    assert expected == [N(0), N(3000), N(0), N(0), N(3000), N(0)] * 2
    assert states(bravo) == [None, PAID, None, None, OVERDUE, None, None, UPCOMING] + [
        None,
        None,
        UPCOMING,
        None,
    ]
    assert bravo.cells[1].due_date == D(2026, 3, 2)  # from the 15 Feb start, not 1 Feb
    assert bravo.overdue_amount == N(3000)


def test_expired_and_annual_contracts_and_currencies_kept_apart(retainer_book):
    rows = rows_by_name(retainer_grid(year=2026, today=TODAY))
    charlie_usd, charlie_eur = rows["Charlie", "USD"], rows["Charlie", "EUR"]
    assert [c.expected for c in charlie_usd.cells] == [N(500)] * 4 + [N(0)] * 8
    assert states(charlie_usd) == [PAID] * 4 + [None] * 8
    assert [c.expected for c in charlie_eur.cells] == [N(0), N(0), N(2400)] + [N(0)] * 9
    assert charlie_eur.cells[2].state == PAID


def test_terminated_contract_expects_nothing_after_its_end(retainer_book):
    delta = rows_by_name(retainer_grid(year=2026, today=TODAY))["Delta", "USD"]
    assert [c.expected for c in delta.cells] == [N(800)] * 3 + [N(0)] * 9
    assert states(delta) == [PAID, PAID, OVERDUE] + [None] * 9
    assert delta.overdue_amount == N(800)


def test_order_payments_count_only_for_retainer_products(retainer_book):
    rows = rows_by_name(retainer_grid(year=2026, today=TODAY))
    echo = rows["Echo", "USD"]
    assert echo.cells[3].paid == N(750) and echo.cells[3].state == PAID
    assert echo.expected_total == 0 and echo.overdue_amount == 0
    assert not any(name.startswith("Client Company") for name, _ in rows)  # Foxtrot


def test_mid_year_start_is_upcoming_and_drafts_expect_nothing(retainer_book):
    golf = rows_by_name(retainer_grid(year=2026, today=TODAY))["Golf", "USD"]
    assert states(golf) == [None] * 8 + [UPCOMING] * 4
    assert golf.expected_total == N(3600)


def test_column_totals_per_currency_and_overdue_panel(retainer_book):
    grid = retainer_grid(year=2026, today=TODAY)
    eur, usd = grid.totals
    assert (eur.currency, eur.paid_total, eur.expected_total) == ("EUR", N(2400), N(2400))
    assert usd.currency == "USD"
    assert usd.paid[0] == N(2300) and usd.expected[0] == N(2300)  # Alpha + Charlie + Delta
    assert usd.paid[3] == N(1000 + 500 + 750)
    assert (usd.paid_total, usd.expected_total, usd.overdue_amount) == (
        N(11150),
        N(32000),
        N(6200),
    )
    assert [(r.account_name, r.overdue_amount) for r in grid.overdue_rows] == [
        ("Bravo", N(3000)),
        ("Alpha", N(2400)),
        ("Delta", N(800)),
    ]


def test_payments_in_another_year_land_in_that_year(retainer_book):
    previous = rows_by_name(retainer_grid(year=2025, today=TODAY))
    assert previous["Alpha", "USD"].cells[11].paid == N(1000)
    assert previous["Alpha", "USD"].expected_total == 0  # the contract starts in 2026
    assert previous["Charlie", "USD"].expected_total == N(4000)  # May–Dec 2025


def test_owner_filter(retainer_book):
    mine = retainer_grid(year=2026, owner=retainer_book["owner"], today=TODAY)
    assert "Golf" not in {r.account_name for r in mine.rows}
    theirs = retainer_grid(year=2026, owner=retainer_book["other"], today=TODAY)
    assert [r.account_name for r in theirs.rows] == ["Golf"]


def test_grace_days_come_from_settings(retainer_book, settings):
    settings.CRM_RETAINER_GRACE_DAYS = 25  # June's payment is not late until 26 June
    alpha = rows_by_name(retainer_grid(year=2026, today=TODAY))["Alpha", "USD"]
    assert alpha.cells[5].state == UPCOMING


def test_overdue_summary_for_the_home_kpi(retainer_book):
    summary = overdue_summary(today=TODAY)
    # This year: Alpha 3 months, Bravo 1, Delta 1; last year Charlie never paid May–Dec 2025.
    assert (summary.count, summary.accounts) == (5 + 8, 4)
    assert summary.amounts == {"USD": N(6200 + 4000)}
    assert overdue_summary(owner=retainer_book["other"], today=TODAY).count == 0


def test_constant_number_of_queries(retainer_book, django_assert_num_queries):
    with django_assert_num_queries(3):
        small = retainer_grid(year=2026, today=TODAY)
    from crm.tests.factories import ContractFactory

    for _ in range(5):
        ContractFactory(start_date=D(2026, 1, 1))
    with django_assert_num_queries(3):
        large = retainer_grid(year=2026, today=TODAY)
    assert len(large.rows) == len(small.rows) + 5
    # Without order-only payers (Echo) the names come with the contracts: two queries.
    with django_assert_num_queries(2):
        retainer_grid(year=2026, owner=retainer_book["other"], today=TODAY)
