"""The form and the related-list card of every priced line (crm.models.priced_lines): an
opportunity's products, a quote's lines, a contract's lines."""

import json

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from djmoney.money import Money
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from crm.admin.kit.child_rows import child_row_links
from crm.admin.kit.fixed_choice import fix_existing_choice
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.related import Column, RelatedList
from crm.ids import parse_id
from crm.selectors.catalog import active_list_prices, parent_currency

PRICE_AMOUNT = "price_amount"
LIST_PRICE_HINT = "Leave blank to use the product's list price."
FILLED_HINT = "In {currency}. Choosing a product fills in its list price; you may change it."


def priced_line_fields(model, *, price_name: str = PRICE_AMOUNT) -> list[str]:
    """The parent, product, quantity, the price (as ``price_name``) and the description."""
    return [model.parent_field, "product", "quantity", price_name, "description"]


class PricedLineForm(VersionedAdminForm):
    """The price is typed as a plain amount: every line is in its parent's currency. A
    saved line's product is fixed, as in Salesforce (remove the line and add another)."""

    price_amount = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, widget=UnfoldAdminDecimalFieldWidget
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        price = self.fields[PRICE_AMOUNT]
        price.label = model._meta.get_field(model.price_field).verbose_name.capitalize()
        price.required = not model.list_price_when_blank
        if model.list_price_when_blank:
            price.help_text = LIST_PRICE_HINT
        if "quantity" not in self.fields:  # a locked parent: read-only values
            return
        if self.instance.pk:
            price.initial = self.instance.price.amount
            fix_existing_choice(self, "product")
        price.widget.attrs["data-crm-line-price"] = "1"
        self.fields["quantity"].widget.attrs["min"] = "0.01"
        if not self.instance.pk and "product" in self.fields:
            self._offer_list_prices(price)

    def _offer_list_prices(self, price) -> None:
        """The list prices, rendered once for crm/priced_lines.js to fill the price with the
        chosen product's (only in the parent's currency: lines are never converted)."""
        price.widget.attrs["data-crm-list-prices"] = json.dumps(active_list_prices())
        model = self._meta.model
        parent_id = parse_id(self.initial.get(model.parent_field))
        parent_model = model._meta.get_field(model.parent_field).related_model
        currency = parent_currency(parent_model, parent_id) if parent_id else None
        if currency:
            price.widget.attrs["data-crm-currency"] = currency
            price.help_text = FILLED_HINT.format(currency=currency)

    class Media:
        js = ("crm/priced_lines.js",)

    def _post_clean(self):
        model = self._meta.model
        amount = self.cleaned_data.get(PRICE_AMOUNT)
        parent = self.cleaned_data.get(model.parent_field)
        try:
            currency = (parent or getattr(self.instance, model.parent_field)).currency
        except ObjectDoesNotExist:
            currency = None
        if amount is not None and currency:
            setattr(self.instance, model.price_field, Money(amount, currency))
        elif model.list_price_when_blank:
            setattr(self.instance, model.price_field, None)
        super()._post_clean()


def priced_lines_card(
    *, key: str, title: str, rows, model, new_label: str, limit: int = 50, described=False
) -> RelatedList:
    """The parent's card of lines: product, (description,) quantity, price and total, with
    Edit / Remove while the parent takes changes; inactive products greyed."""
    price_label = model._meta.get_field(model.price_field).verbose_name.capitalize()
    columns = [
        Column("Product", "product.name"),
        *([Column("Description", "description")] if described else []),
        Column("Quantity", "quantity"),
        Column(price_label, model.price_field),
        Column("Total", "total"),
    ]
    return RelatedList(
        key=key,
        title=title,
        icon="inventory_2",
        color="#3BA755",
        rows=rows,
        parent_field=model.parent_field,
        limit=limit,
        new_label=new_label,
        columns=tuple(columns),
        row_actions=child_row_links,
        is_inactive=lambda line: not line.product.is_active,
    )
