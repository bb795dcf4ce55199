"""Home's charts as plain HTML bars (crm/includes/bar_chart.html, no chart library): one row per
category with its value written out, an axis with round ticks, a legend when there are several
series, and every bar and segment a link to the filtered list that holds the records counted.

A chart is a dict: ``legend`` [(label, colour)], ``ticks`` [(text, percent)] and ``rows``, each
row a label, a link and its ``bars`` (several bars: one per series side by side, e.g. currency;
one bar of several ``segments``: stacked, e.g. priority)."""

import math
from collections.abc import Callable
from decimal import Decimal

from crm.formatting import currency_symbol, format_money

CHART_COLOURS = ("#0176D3", "#FF9A3C", "#04844B", "#CB65FF", "#BA0517")
TICKS = 4  # intervals on the axis


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (1 when there is nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10 × power


def compact_number(value: float) -> str:
    """An axis tick: 2500 → "2.5K", 1000000 → "1M"."""
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:g}"


def axis_top(value: float, *, whole: bool = False) -> float:
    """The axis maximum: ``TICKS`` round steps covering ``value`` (whole steps for counts)."""
    step = nice_max(value / TICKS)
    return TICKS * (max(1, math.ceil(step)) if whole else step)


def _ticks(top: float, fmt: Callable[[float], str]) -> list[tuple[str, float]]:
    return [(fmt(top * i / TICKS), 100 * i / TICKS) for i in range(TICKS + 1)]


def _segment(value, text: str, colour: str, url: str | None, label: str, top: float) -> dict:
    return {
        "value": value,
        "text": text,
        "colour": colour,
        "url": url,
        "label": label,
        "percent": round(100 * float(value) / top, 2),
    }


def money_chart(rows: list[tuple[str, dict[str, Decimal], str | None]], currencies) -> dict:
    """``rows``: (label, {currency: amount}, url). One bar per currency in each row."""
    currencies = list(currencies)
    top = axis_top(max((float(v) for _, totals, _ in rows for v in totals.values()), default=0))
    symbol = currency_symbol(currencies[0]) if len(currencies) == 1 else ""
    colours = {c: CHART_COLOURS[i % len(CHART_COLOURS)] for i, c in enumerate(currencies)}
    return {
        "legend": [(currency, colours[currency]) for currency in currencies],
        "ticks": _ticks(top, lambda v: f"{symbol}{compact_number(v)}"),
        "rows": [
            {
                "label": label,
                "url": url,
                "bars": [
                    {
                        "text": format_money(totals.get(c, Decimal(0)), c),
                        "segments": [
                            _segment(
                                totals.get(c, Decimal(0)),
                                format_money(totals.get(c, Decimal(0)), c),
                                colours[c],
                                url,
                                c,
                                top,
                            )
                        ],
                    }
                    for c in currencies
                ],
            }
            for label, totals, url in rows
        ],
    }


def stacked_count_chart(rows, series) -> dict:
    """``rows``: (label, url, [count per series], [url per series]); ``series``: labels.
    One bar per row whose segments are the series, stacked."""
    top = axis_top(max((sum(counts) for _, _, counts, _ in rows), default=0), whole=True)
    colours = [CHART_COLOURS[i % len(CHART_COLOURS)] for i in range(len(series))]
    return {
        "legend": list(zip(series, colours, strict=True)),
        "ticks": _ticks(top, compact_number),
        "rows": [
            {
                "label": label,
                "url": url,
                "bars": [
                    {
                        "text": f"{sum(counts):,}",
                        "segments": [
                            _segment(n, f"{name}: {n:,}", colour, segment_url, name, top)
                            for name, colour, n, segment_url in zip(
                                series, colours, counts, urls, strict=True
                            )
                            if n
                        ],
                    }
                ],
            }
            for label, url, counts, urls in rows
        ],
    }
