"""Serializer pieces every resource shares: the record base (id, version, timestamps and
owner read-only where the rules say so) and money as ``{"amount": "12.50", "currency": "USD"}``.
Validation of meaning stays in the models' ``clean()``, run by crm.services.records."""

from decimal import Decimal

from django.conf import settings
from djmoney.money import Money
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.kit.strict import StrictInput
from crm.models import User

RECORD_READ_ONLY = ("id", "version", "created_at", "updated_at", "is_active")
BAD_CURRENCY = "Currency {code} is not allowed (use {allowed})."


class CurrencyField(serializers.ChoiceField):
    """One of CRM_CURRENCIES, read when the serializer is built (the environment decides), with
    the message the models give; documented as the shared ``CurrencyEnum``."""

    def __init__(self, **kwargs):
        super().__init__(choices=settings.CRM_CURRENCIES, **kwargs)
        allowed = ", ".join(settings.CRM_CURRENCIES)
        self.error_messages["invalid_choice"] = BAD_CURRENCY.format(code="{input}", allowed=allowed)


class MoneyValueSerializer(StrictInput, serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = CurrencyField()


@extend_schema_field(MoneyValueSerializer)
class MoneyField(serializers.Field):
    """A django-money value: amount (12 digits, 2 decimals) and one of CRM_CURRENCIES."""

    # Braces doubled: DRF formats error messages with str.format.
    default_error_messages = {"invalid": 'Send money as {{"amount": "12.50", "currency": "USD"}}.'}

    def to_representation(self, value: Money) -> dict:
        return {"amount": f"{value.amount:.2f}", "currency": value.currency.code}

    def to_internal_value(self, data) -> Money:
        if not isinstance(data, dict):
            self.fail("invalid")
        inner = MoneyValueSerializer(data=data)
        if not inner.is_valid():
            raise serializers.ValidationError(
                [f"{name}: {m}" for name, messages in inner.errors.items() for m in messages]
            )
        amount: Decimal = inner.validated_data["amount"]
        return Money(amount, inner.validated_data["currency"])


@extend_schema_field(MoneyValueSerializer)
class TotalField(serializers.Field):
    """An annotated total (``Order.objects.with_totals()`` …) in the record's currency."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record) -> dict:
        return {"amount": f"{getattr(record, self.attribute):.2f}", "currency": record.currency}


class OwnerField(serializers.PrimaryKeyRelatedField):
    """The owner's user id: active users only; crm.services.records decides who may set it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "User id. Defaults to you; only admins give records away.")
        super().__init__(**kwargs)


class RecordSerializer(StrictInput, serializers.ModelSerializer):
    """Base of every resource: ``version`` is what PATCH and actions check (also the ETag).
    Strict: a read-only or unknown field in a body is a 400 (api.kit.strict)."""

    owner = OwnerField()
    owner_name = serializers.CharField(source="owner.get_full_name", read_only=True)

    class Meta:
        read_only_fields = RECORD_READ_ONLY


def record_fields(*names: str, owner: bool = True) -> tuple[str, ...]:
    """``id`` and ``version`` first, the resource's own fields, then the shared tail."""
    tail = ("owner", "owner_name") if owner else ()
    return ("id", "version", *names, *tail, "created_at", "updated_at")
