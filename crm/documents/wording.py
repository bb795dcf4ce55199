"""How documents word dates, quantities and money (the same as the print pages)."""

from datetime import date
from decimal import Decimal

from crm.formatting import format_money
from crm.selectors.company import company_information


def long_date(day: date | None, *, empty: str = "—") -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else empty


def quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


def money(amount, currency: str) -> str:
    return format_money(getattr(amount, "amount", amount), currency)


def standard_footer(number: str) -> list[str]:
    """The company's invoice footer (if any) over "<legal name> · <number>"."""
    company = company_information()
    lines = [line.strip() for line in company.invoice_footer.splitlines() if line.strip()]
    return [*lines[:3], f"{company} · {number}"]
