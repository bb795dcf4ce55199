"""Widgets shared by every resource: plain text, picklists (label or code), yes/no, money and
links by natural key (account by name, contact by email, owner by email …).

Text read from a file is un-escaped: an export prefixes a cell that a spreadsheet would run as
a formula with an apostrophe (see ``crm.resources.formats``), and the import takes it off again,
so an exported file re-imports unchanged."""

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from djmoney.money import Money
from import_export import widgets
from import_export.fields import Field

from crm.models import User

INVALID_CHOICE = "'{value}' is not a valid {noun}. Use one of: {labels}."
UNKNOWN_RECORD = "{label} '{value}' does not exist."
AMBIGUOUS_RECORD = "Several {plural} match '{value}'; rename them so the {field} is unique."
UNKNOWN_OWNER = "No active user has the email address '{email}'."
INACTIVE_OWNER = "The user '{email}' is inactive and cannot own records; choose an active user."
INVALID_AMOUNT = "'{value}' is not an amount; use digits with an optional decimal point."
INVALID_CURRENCY = "Currency '{value}' is not allowed (use {allowed})."
INVALID_YES_NO = "'{value}' is not Yes or No."
CURRENCY_HEADER = "Currency"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_FORMULA = re.compile(r"^'(?=[=+\-@\t\r])")


def text(value) -> str:
    """A cell as stripped text; an exported formula escape (leading apostrophe) is removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheet cells turn phone numbers into floats
    return _ESCAPED_FORMULA.sub("", str(value).strip(), count=1)


def header_key(header) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").casefold())


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """Exports the label ("Customer"); imports the label or the code, in any case."""

    def __init__(self, choices, noun: str):
        super().__init__()
        self.choices = [(code, str(label)) for code, label in choices]
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        cell = text(value)
        if not cell:
            return ""
        key = cell.casefold()
        for code, label in self.choices:
            if key in (code.casefold(), label.casefold()):
                return code
        labels = ", ".join(label for _, label in self.choices)
        raise ValueError(INVALID_CHOICE.format(value=cell, noun=self.noun, labels=labels))

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class YesNoWidget(TextWidget):
    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class BooleanWidget(YesNoWidget):
    def clean(self, value, row=None, **kwargs):
        cell = text(value).casefold()
        if cell in {"yes", "y", "true", "1"}:
            return True
        if cell in {"", "no", "n", "false", "0"}:
            return False
        raise ValueError(INVALID_YES_NO.format(value=text(value)))


class NaturalKeyWidget(TextWidget):
    """A link written as the other record's natural key, e.g. ``NaturalKeyWidget(Account,
    "name", "Account")`` reads "brightside bakery" as the account named Brightside Bakery.
    Matching ignores case; an unknown or ambiguous key is a row error."""

    def __init__(self, model, field: str, label: str, *, unique: bool = True):
        super().__init__()
        self.model, self.field, self.label, self.unique = model, field, label, unique

    def find(self, key: str):
        matches = list(
            self.model._default_manager.filter(**{f"{self.field}__iexact": key}).order_by("pk")[:2]
        )
        if self.unique and len(matches) > 1:
            meta = self.model._meta
            raise ValueError(
                AMBIGUOUS_RECORD.format(
                    plural=meta.verbose_name_plural,
                    value=key,
                    field=meta.get_field(self.field).verbose_name,
                )
            )
        return matches[0] if matches else None

    def clean(self, value, row=None, **kwargs):
        key = text(value)
        if not key:
            return None
        record = self.find(key)
        if record is None:
            raise ValueError(UNKNOWN_RECORD.format(label=self.label, value=key))
        return record

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field) if value is not None else ""


class OwnerWidget(NaturalKeyWidget):
    """The owner by email; inactive users never own records. Who may name someone else is
    decided by ``CRMResource`` (it knows the importing user and the record)."""

    def __init__(self):
        super().__init__(User, "email", "User")

    def clean(self, value, row=None, **kwargs):
        email = text(value).lower()
        if not email:
            return None
        owner = self.find(email)
        if owner is None:
            raise ValueError(UNKNOWN_OWNER.format(email=email))
        if not owner.is_active:
            raise ValueError(INACTIVE_OWNER.format(email=email))
        return owner


class MoneyWidget(TextWidget):
    """Exports ``value.amount``; imports an amount plus the row's Currency column."""

    def clean(self, value, row=None, **kwargs):
        amount_text = text(value).replace(",", "")
        currency = text((row or {}).get(CURRENCY_HEADER)).upper() or settings.CRM_DEFAULT_CURRENCY
        if currency not in settings.CRM_CURRENCIES:
            allowed = ", ".join(settings.CRM_CURRENCIES)
            raise ValueError(INVALID_CURRENCY.format(value=currency, allowed=allowed))
        try:
            amount = Decimal(amount_text or "0")
        except InvalidOperation:
            raise ValueError(INVALID_AMOUNT.format(value=amount_text)) from None
        return Money(amount, currency)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.amount:.2f}"


def column(model, name: str, widget=None, **kwargs) -> Field:
    """A resource field headed by the model field's label, e.g. "Billing Zip/Postal Code"."""
    header = str(model._meta.get_field(name).verbose_name).title()
    return Field(attribute=name, column_name=header, widget=widget or TextWidget(), **kwargs)


def owner_column() -> Field:
    return Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())


def active_column() -> Field:
    return Field(attribute="is_active", column_name="Active", widget=YesNoWidget(), readonly=True)
