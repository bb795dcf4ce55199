"""Money rules shared by every priced record (SPEC §4): allowed currencies, one currency per
parent, and how totals are annotated (django-money's Sum ignores currencies)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Value
from django.db.models.functions import Coalesce
from djmoney.models.fields import CurrencyField, MoneyField
from djmoney.money import Money
from djmoney.utils import get_currency_field_name

ZERO = Decimal("0.00")
TOTAL_FIELD = DecimalField(max_digits=16, decimal_places=2)


def validate_currency_code(currency: str | None, *, field: str) -> None:
    if currency and currency not in settings.CRM_CURRENCIES:
        allowed = ", ".join(settings.CRM_CURRENCIES)
        raise ValidationError({field: f"Currency {currency} is not allowed (use {allowed})."})


def validate_currency(money, *, field: str) -> None:
    validate_currency_code(getattr(getattr(money, "currency", None), "code", None), field=field)


def default_currency() -> str:
    """Callable default for currency columns (a plain value would be frozen into migrations)."""
    return settings.CRM_DEFAULT_CURRENCY


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in settings.CRM_CURRENCIES]


def coalesce_total(expression):
    """A Sum/Subquery total that is 0.00 (not NULL) when there is nothing to add."""
    return Coalesce(expression, Value(ZERO), output_field=TOTAL_FIELD)


class StableCurrencyField(CurrencyField):
    """The currency column of a money field. Its default and allowed values come from the
    environment (CRM_DEFAULT_CURRENCY / CRM_CURRENCIES), so migrations must not record them:
    otherwise changing the env would look like a schema change."""

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs


class CRMMoneyField(MoneyField):
    """django-money's MoneyField with the currency default/choices read from settings at run
    time and kept out of migrations."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_currency", settings.CRM_DEFAULT_CURRENCY)
        kwargs.setdefault("currency_choices", currency_choices())
        super().__init__(*args, **kwargs)

    def add_currency_field(self, cls, name):
        currency_field = StableCurrencyField(
            price_field=self,
            max_length=self.currency_max_length,
            default=self.default_currency,
            editable=False,
            choices=self.currency_choices,
            null=self.null,
        )
        currency_field.creation_counter = self.creation_counter - 1
        cls.add_to_class(get_currency_field_name(name, self), currency_field)
        self._currency_field = currency_field

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default_currency", None)
        kwargs.pop("currency_choices", None)
        if isinstance(kwargs.get("default"), Money):
            kwargs["default"] = kwargs["default"].amount
        return name, path, args, kwargs
