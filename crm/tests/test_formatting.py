"""crm.formatting.money_text: exactly what djmoney prints (babel), in every language and
currency, only faster; babel itself wherever a currency's shape is not the simple one. Dates
and date-times exactly as Django shows them, in every language and zone."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation
from djmoney.money import Money, get_current_locale

from crm.formatting import local_date, local_moment, money_shape, money_text

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


# --- dates: crm.formatting.local_date / local_moment ------------------------------------------
ZONES = ("UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe")


def moments():
    """Instants around both 2026 DST changes in New York and Berlin, and a plain year."""
    start = datetime.datetime(2026, 3, 7, tzinfo=datetime.UTC)
    for hours in range(0, 24 * 240, 7):
        yield start + datetime.timedelta(hours=hours, minutes=hours % 60)
    yield datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.UTC)  # 1:30 twice in New York
    yield datetime.datetime(2026, 11, 1, 6, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_reads_as_django_shows_it(language):
    with translation.override(language):
        for day in (datetime.date(2026, month, 1 + month) for month in range(1, 13)):
            assert local_date(day) == formats.localize(day), (language, day)
            assert local_date(day) == local_date(day)  # the remembered text is the same


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", ("en-us", "de"))
def test_a_moment_reads_in_the_users_zone_as_django_shows_it(zone, language):
    with translation.override(language), timezone.override(zone):
        for moment in moments():
            expected = formats.localize(timezone.template_localtime(moment))
            assert local_moment(moment) == expected, (zone, language, moment)


def test_the_same_instant_reads_differently_in_two_zones():
    moment = datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.UTC)
    with timezone.override("America/New_York"):
        new_york = local_moment(moment)
    with timezone.override("Europe/Berlin"):
        berlin = local_moment(moment)
    assert (new_york, berlin) == ("Nov. 1, 2026, 1:30 a.m.", "Nov. 1, 2026, 6:30 a.m.")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_cells_html_is_djmoneys_own(language, currency):
    """crm.admin.kit.money_columns.money_html: ``Money.__html__`` (escaped, on one line)."""
    from crm.admin.kit.money_columns import money_html

    with translation.override(language):
        for amount in ("0", "-0.00", "1234567.891", "-12.5", "0.005", "999999999.99"):
            money = Money(Decimal(amount), currency)
            assert money_html(money) == money.__html__(), (amount, currency, language)
