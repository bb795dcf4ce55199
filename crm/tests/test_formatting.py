"""crm.formatting.money_text: exactly what djmoney prints (babel), in every language and
currency, only faster; babel itself wherever a currency's shape is not the simple one."""

import random
from decimal import Decimal

import pytest
from django.utils import translation
from djmoney.money import Money, get_current_locale

from crm.formatting import money_shape, money_text

CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "BHD", "INR")
LANGUAGES = ("en-us", "en-gb", "de", "fr", "hi", "de-ch", "ar")


def amounts(seed: int, count: int = 400):
    rng = random.Random(seed)
    for _ in range(count):
        yield Decimal(rng.randint(-(10**13), 10**13)) / Decimal(10 ** rng.randint(0, 6))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_the_text_is_djmoneys_for_any_amount(language, currency):
    with translation.override(language):
        for amount in (*amounts(hash((language, currency)) % 1000), Decimal("-0.001")):
            money = Money(amount, currency)
            assert money_text(money) == str(money), (language, currency, amount)


def test_the_simple_shapes_are_read_off_babel_and_the_others_left_to_it():
    assert money_shape("USD", "en_US") is not None
    assert money_shape("EUR", "de") is not None  # "1.234,50 €": other separators, suffix
    assert money_shape("USD", "hi") is None  # Indian grouping (1,23,45,678)
    assert money_shape("USD", "de_CH") is None  # "$-1'234.50": the sign after the symbol


def test_what_the_fast_path_does_not_cover_goes_through_djmoney():
    with translation.override("en-us"):
        assert money_text(Money(12, "USD")) == str(Money(12, "USD")) == "$12.00"
        custom = Money(Decimal("1234.5"), "USD", format_options={"format": "#,##0.0 ¤"})
        assert money_text(custom) == str(custom)
        assert get_current_locale() == "en_US"
