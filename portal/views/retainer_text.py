"""What the retainer report's cells, totals and header say (portal.views.retainers): a paid
month is a ✓ (its amount in the hover text), partial, overdue and upcoming months show the
amount due with its currency; the CSV keeps plain "paid / expected" numbers."""

from decimal import Decimal

from crm.formatting import format_money
from crm.selectors.retainers import OVERDUE, PAID, PARTIAL, UPCOMING

STATE_LABELS = {PAID: "Paid", PARTIAL: "Partial", OVERDUE: "Overdue", UPCOMING: "Upcoming"}
PAID_MARK = "✓"


def amount_text(value: Decimal) -> str:
    return f"{value:,.2f}"


def cell_text(cell) -> str:
    """What a cell shows: "paid / expected" where money is expected, else what was paid."""
    if cell.expected > 0:
        return f"{amount_text(cell.paid)} / {amount_text(cell.expected)}"
    return amount_text(cell.paid) if cell.paid > 0 else ""


def total_text(paid: Decimal, expected: Decimal) -> str:
    return f"{amount_text(paid)} / {amount_text(expected)}" if expected > 0 else amount_text(paid)


def money_pair(paid: Decimal, expected: Decimal, currency: str) -> dict:
    """A total as paid over "of expected" (two short lines keep the month columns narrow)."""
    of = f"of {format_money(expected, currency)}" if expected > 0 else ""
    return {"paid": format_money(paid, currency), "of": of}


def cell_display(cell, currency: str) -> tuple[str, str]:
    """(what the cell shows, its hover text): ✓ for a paid month, else the amount due."""
    paid, expected = format_money(cell.paid, currency), format_money(cell.expected, currency)
    due = format_money(max(cell.expected - cell.paid, Decimal(0)), currency)
    month = f"{cell.month:%b %Y}"
    if cell.state == PAID:
        return PAID_MARK, f"{month}: paid {paid}"
    if cell.state == PARTIAL:
        return due, f"{month}: partial, {paid} of {expected} paid, {due} due"
    if cell.state == OVERDUE:
        return due, f"{month}: overdue, {due} due since {cell.due_date:%-d %b %Y}"
    if cell.state == UPCOMING:
        return due, f"{month}: upcoming, {due} due {cell.due_date:%-d %b %Y}"
    return "", ""


def window_text(months) -> str:
    first, last = months[0], months[-1]
    if first.year == last.year:
        return f"{first:%b} – {last:%b %Y}"
    return f"{first:%b %Y} – {last:%b %Y}"


def month_labels(months) -> list[str]:
    """Column heads: the month, with its year on the first column and on every January."""
    return [f"{m:%b %Y}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(months)]
