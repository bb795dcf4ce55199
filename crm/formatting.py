"""Fast display helpers for pages that format hundreds or thousands of values (list pages,
the pipeline board).

babel's full currency formatting costs ~20 µs a call: a list page of orders shows 150 amounts
(3 ms), a board of 2,000 cards formats every one.

* ``money_text(money)`` is ``str(money)`` — djmoney's babel formatting in the current
  language — with the currency's shape (symbol, sign, separators, decimals) read off babel's
  own output once per currency and language, and used only where it reproduces babel exactly
  on a set of check values; anything else (another pattern, a djmoney format option, a
  non-decimal amount) is formatted by babel as before.
* ``local_date(day)`` / ``local_moment(value)`` are ``formats.localize`` of a date / of a
  date-time in the user's zone, as Django shows them in lists (``display_for_value``), each
  formatted once per process and language (``date_format`` parses its format and translates
  the month's name on every call: ~35 µs, fifty dates a list page).
* ``format_money`` (e-mails, charts) always prints two decimals in en_US."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.numbers import (
    format_currency,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from djmoney import settings as djmoney_settings
from djmoney.money import Money, get_current_locale

LOCALE = "en_US"

# Amounts the fast path must format exactly as babel does before it is used: zero and
# negative zero, rounding halves both ways, thousands and millions, negatives.
_CHECKS = tuple(
    Decimal(text)
    for text in (
        "0", "-0", "0.004", "-0.004", "1", "-1", "0.5", "2.675", "2.665", "0.125", "12.3",
        "999.995", "1000", "-1234.5", "1234567.891", "-98765432.105", "100000000000",
    )
)  # fmt: skip


@lru_cache(maxsize=32)
def currency_symbol(currency: str) -> str:
    return get_currency_symbol(currency, locale=LOCALE)


def format_money(amount: Decimal | int, currency: str | None = None) -> str:
    currency = currency or settings.CRM_DEFAULT_CURRENCY
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency_symbol(currency)}{abs(amount):,.2f}"


@dataclass(frozen=True)
class MoneyShape:
    """How babel writes one currency in one language: text around the number (positive and
    negative), the currency's decimals and the language's separators."""

    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str
    digits: int
    separators: dict  # str.translate table from Python's "," and "." to the language's

    def format(self, amount: Decimal) -> str:
        number = f"{abs(amount):,.{self.digits}f}"
        if self.separators:
            number = number.translate(self.separators)
        if amount.is_signed():  # babel's test: "-0.004" is written as a negative zero
            return f"{self.negative_prefix}{number}{self.negative_suffix}"
        return f"{self.prefix}{number}{self.suffix}"


def _babel(amount: Decimal, currency: str, locale: str) -> str:
    """What djmoney prints (``moneyed.l10n.format_money`` with its defaults)."""
    return format_currency(amount, currency, locale=locale, currency_digits=True)


def _around(text: str, number: str) -> tuple[str, str] | None:
    before, found, after = text.partition(number)
    return (before, after) if found and number not in after else None


@lru_cache(maxsize=128)
def money_shape(currency: str, locale: str) -> MoneyShape | None:
    """The currency's shape in ``locale``, or None when babel's output is not of that form
    (e.g. Indian digit grouping) and every amount must go through babel."""
    try:
        digits = get_currency_precision(currency)
        group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
        probe = Decimal("1234567.891")
        table = str.maketrans({",": group, ".": decimal}) if (group, decimal) != (",", ".") else {}
        number = f"{probe:,.{digits}f}".translate(table) if table else f"{probe:,.{digits}f}"
        positive = _around(_babel(probe, currency, locale), number)
        negative = _around(_babel(-probe, currency, locale), number)
    except (ValueError, LookupError):  # an unknown currency or language: babel decides
        return None
    if positive is None or negative is None:
        return None
    shape = MoneyShape(*positive, *negative, digits, table)
    if any(shape.format(amount) != _babel(amount, currency, locale) for amount in _CHECKS):
        return None
    return shape


def money_text(money: Money) -> str:
    """``str(money)``, fast (see the module's docstring)."""
    amount = money.amount
    if (
        isinstance(amount, Decimal)
        and amount.is_finite()
        and not djmoney_settings.MONEY_FORMAT
        and not getattr(money, "format_options", None)
    ):
        shape = money_shape(money.currency.code, get_current_locale())
        if shape is not None:
            return shape.format(amount)
    return str(money)


def local_date(day: datetime.date) -> str:
    """``formats.localize(day)``."""
    return _local_date(day, get_language())


@lru_cache(maxsize=4096)
def _local_date(day: datetime.date, _language) -> str:
    return formats.localize(day)


def local_moment(value: datetime.datetime) -> str:
    """``formats.localize(template_localtime(value))``: the time in the user's zone."""
    local = timezone.template_localtime(value)
    if local.tzinfo is None:  # a naive value, shown as it is
        return formats.localize(local)
    # The wall time with its zone and offset: two zones (or the two sides of a DST change)
    # never share a text, while the same instant seen from one zone always does.
    wall = local.replace(tzinfo=None)
    return _local_moment(wall, local.tzinfo, local.utcoffset(), get_language())


@lru_cache(maxsize=4096)
def _local_moment(wall: datetime.datetime, zone, _offset, _language) -> str:
    return formats.localize(wall.replace(tzinfo=zone))
