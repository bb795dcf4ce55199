"""The product catalogue, keyed on product code. Money columns carry the amount and a separate
Currency column: import-export has no money widget and would otherwise export them blank
(SPEC §11)."""

from import_export.fields import Field

from crm.models import Product, ProductFamily
from crm.resources.base import CRMResource
from crm.resources.bulk import BULK_BATCH
from crm.resources.widgets import (
    CURRENCY_HEADER,
    BooleanWidget,
    ChoiceWidget,
    MoneyWidget,
    active_column,
    column,
    owner_column,
    text,
)


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
    owner = owner_column()
    is_active = active_column()

    export_related = ("owner",)
    natural_key = ("product_code",)
    natural_key_noun = "product code"

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
        use_bulk = True  # see crm.resources.bulk
        batch_size = BULK_BATCH

    def get_instance(self, instance_loader, row):
        code = text(row.get(self.fields["product_code"].column_name))
        return Product.objects.filter(product_code__iexact=code).first() if code else None
