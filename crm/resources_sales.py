"""Import / export for the product catalogue (keyed on product code) and the opportunity list
(export). Money columns carry the amount and a separate Currency column: import-export has
no money widget and would otherwise export them blank (SPEC §11)."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from djmoney.money import Money
from import_export.fields import Field

from crm.models import Opportunity, Product, ProductFamily, Stage
from crm.models.choices import LeadSource
from crm.resources import (
    AccountNameWidget,
    ChoiceWidget,
    CRMResource,
    OwnerWidget,
    TextWidget,
    YesNoWidget,
    _text,
    column,
)

INVALID_AMOUNT = "'{value}' is not an amount; use digits with an optional decimal point."
INVALID_CURRENCY = "Currency '{value}' is not allowed (use {allowed})."
INVALID_YES_NO = "'{value}' is not Yes or No."
CURRENCY_HEADER = "Currency"


class MoneyWidget(TextWidget):
    """Exports ``value.amount``; imports an amount plus the row's Currency column."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace(",", "")
        currency = _text((row or {}).get(CURRENCY_HEADER)).upper() or settings.CRM_DEFAULT_CURRENCY
        if currency not in settings.CRM_CURRENCIES:
            allowed = ", ".join(settings.CRM_CURRENCIES)
            raise ValueError(INVALID_CURRENCY.format(value=currency, allowed=allowed))
        try:
            amount = Decimal(text or "0")
        except InvalidOperation:
            raise ValueError(INVALID_AMOUNT.format(value=text)) from None
        return Money(amount, currency)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.amount:.2f}"


class BooleanWidget(YesNoWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).casefold()
        if text in {"yes", "y", "true", "1"}:
            return True
        if text in {"", "no", "n", "false", "0"}:
            return False
        raise ValueError(INVALID_YES_NO.format(value=_text(value)))


class ProductResource(CRMResource):
    product_code = column(Product, "product_code")
    name = column(Product, "name")
    family = column(Product, "family", ChoiceWidget(ProductFamily.choices, "product family"))
    standard_list_price = column(Product, "standard_list_price", MoneyWidget())
    currency = Field(
        attribute="standard_list_price_currency", column_name=CURRENCY_HEADER, readonly=True
    )
    is_retainer_product = column(Product, "is_retainer_product", BooleanWidget())
    description = column(Product, "description")
    owner = Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())
    is_active = Field(
        attribute="is_active", column_name="Active", widget=YesNoWidget(), readonly=True
    )
    export_related = ("owner",)

    class Meta:
        model = Product
        name = "Products"
        fields = (
            "product_code", "name", "family", "standard_list_price", "currency",
            "is_retainer_product", "description", "owner", "is_active",
        )  # fmt: skip
        import_id_fields = ("product_code",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        code = _text(row.get(self.fields["product_code"].column_name))
        return Product.objects.filter(product_code__iexact=code).first() if code else None


class OpportunityResource(CRMResource):
    """Export of the (filtered) opportunity list, amounts computed from the line items."""

    name = column(Opportunity, "name")
    account = Field(attribute="account", column_name="Account Name", widget=AccountNameWidget())
    stage = column(Opportunity, "stage", ChoiceWidget(Stage.choices, "stage"))
    amount = Field(attribute="amount", column_name="Amount", readonly=True)
    currency = column(Opportunity, "currency")
    probability = column(Opportunity, "probability")
    close_date = Field(attribute="close_date", column_name="Close Date", readonly=True)
    lead_source = column(
        Opportunity, "lead_source", ChoiceWidget(LeadSource.choices, "lead source")
    )
    next_step = column(Opportunity, "next_step")
    owner = Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())
    export_related = ("account", "owner")

    class Meta:
        model = Opportunity
        name = "Opportunities"
        fields = (
            "name", "account", "stage", "amount", "currency", "probability", "close_date",
            "lead_source", "next_step", "owner",
        )  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).with_amount()

    def dehydrate_amount(self, opportunity):
        amount = getattr(opportunity, "amount", None)
        return "" if amount is None else f"{amount:.2f}"
