"""How the portal shows money: full amounts on cards, abbreviated sums in column headers
("$1.2M") so a header stays on one line. Totals are per currency and never added across
currencies (SPEC §11)."""

from decimal import Decimal

from django.conf import settings

from crm.formatting import currency_symbol, format_money

UNITS = ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))


def short_money(amount: Decimal | int, currency: str) -> str:
    """$950, $12.5K, $1.2M, $3B (one decimal, dropped when it is 0)."""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for size, unit in UNITS:
        if value >= size:
            number = f"{value / size:.1f}".removesuffix(".0")
            return f"{sign}{currency_symbol(currency)}{number}{unit}"
    return f"{sign}{currency_symbol(currency)}{value:,.0f}"


def _join(totals: dict[str, Decimal], formatter) -> str:
    if not totals:
        return formatter(Decimal(0), None)
    return " + ".join(formatter(amount, currency) for currency, amount in sorted(totals.items()))


def column_sums(column) -> dict:
    """A column header's figures: abbreviated for display, exact for the tooltip."""
    return {
        "count": column.count,
        "total": _join(column.totals, _short),
        "weighted": _join(column.weighted, _short),
        "total_exact": _join(column.totals, format_money),
        "weighted_exact": _join(column.weighted, format_money),
    }


def _short(amount: Decimal, currency: str | None) -> str:
    return short_money(amount, currency or settings.CRM_DEFAULT_CURRENCY)
