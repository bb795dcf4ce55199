"""A product line priced in its parent's currency: an opportunity's products, a quote's lines
and a contract's services share these rules (SPEC §4, §6) and their messages, written once.

A concrete line declares its parent (``parent_field``), its price field (``price_field``:
``sale_price`` or ``price_per_cycle``) and the noun its messages use; its database
constraints come from ``priced_line_constraints`` so every line refuses the same bad rows."""

from typing import ClassVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from crm.models.base import TimeStampedModel
from crm.models.money import validate_currency

INACTIVE_PRODUCT = "'{product}' is inactive and cannot be added to {parent}."
CURRENCY_MISMATCH = "The {price} must be in {currency}, the {parent_noun}'s currency."
NO_PRICE_IN_CURRENCY = "'{product}' is priced in {product_currency}; enter a {price} in {currency}."
QUANTITY_POSITIVE = "Quantity must be greater than 0."
PRICE_NOT_NEGATIVE = "The {price} cannot be negative."


def priced_line_constraints(prefix: str, *, price_field: str, price_label: str) -> list:
    """Quantity > 0 and price ≥ 0, as database checks named ``<prefix>_quantity_positive``
    and ``<prefix>_price_not_negative``."""
    return [
        models.CheckConstraint(
            condition=Q(quantity__gt=0),
            name=f"{prefix}_quantity_positive",
            violation_error_message=QUANTITY_POSITIVE,
        ),
        models.CheckConstraint(
            condition=Q(**{f"{price_field}__gte": 0}),
            name=f"{prefix}_price_not_negative",
            violation_error_message=PRICE_NOT_NEGATIVE.format(price=price_label),
        ),
    ]


class PricedLine(TimeStampedModel):
    """Product, quantity, a price in the parent's currency and the line total."""

    parent_field: ClassVar[str]
    price_field: ClassVar[str] = "sale_price"
    # "an opportunity" / "a quote" / "a contract" in the messages above.
    parent_noun: ClassVar[str]
    line_noun: ClassVar[str]  # an unsaved line's name: "quote line"
    lines_locked_message: ClassVar[str]
    # A blank price means the product's list price (opportunity and quote lines, SPEC §6).
    list_price_when_blank: ClassVar[bool] = True

    product = models.ForeignKey("crm.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        if not self.product_id:
            return self.line_noun
        return f"{self.product} × {self.quantity.normalize():f}"

    @property
    def price(self):
        return getattr(self, self.price_field)

    @property
    def total(self):
        return self.price * self.quantity

    def parent(self):
        try:
            return getattr(self, self.parent_field)
        except ObjectDoesNotExist:
            return None

    def _product(self):
        try:
            return self.product
        except ObjectDoesNotExist:
            return None

    def clean_fields(self, exclude=None):
        # A blank price means "the product's list price" (SPEC §6); fill it before the field
        # check would call it missing, when the currencies agree.
        parent, product = self.parent(), self._product()
        if self.list_price_when_blank and self.price is None and parent and product:
            list_price = product.standard_list_price
            if list_price.currency.code == parent.currency:
                setattr(self, self.price_field, list_price)
            else:
                exclude = {*(exclude or ()), self.price_field}  # clean() explains it instead
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        parent, product = self.parent(), self._product()
        if parent is not None and parent.lines_locked:
            raise ValidationError(self.lines_locked_message)
        if product is not None and not product.is_active and self._product_changed():
            message = INACTIVE_PRODUCT.format(product=product, parent=self.parent_noun)
            raise ValidationError({"product": message})
        validate_currency(self.price, field=self.price_field)
        if parent is None or product is None:
            return
        price_label = self._meta.get_field(self.price_field).verbose_name
        if self.price is None:
            if not self.list_price_when_blank:
                return  # the field's own "required" error says it
            message = NO_PRICE_IN_CURRENCY.format(
                product=product,
                product_currency=product.standard_list_price.currency.code,
                price=price_label,
                currency=parent.currency,
            )
            raise ValidationError({self.price_field: message})
        if self.price.currency.code != parent.currency:
            message = CURRENCY_MISMATCH.format(
                price=price_label,
                currency=parent.currency,
                parent_noun=self.parent_noun.split()[-1],
            )
            raise ValidationError({self.price_field: message})

    def _product_changed(self) -> bool:
        if self._state.adding:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("product_id", flat=True)
        return stored.first() != self.product_id
