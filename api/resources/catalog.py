"""The product catalogue. Admins create, edit and deactivate products; sales users read them
(the role matrix of crm.permissions gives them only ``view_product``, so writes answer 403)."""

from api.kit.records import (
    DeactivationActions,
    MoneyField,
    RecordFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_fields,
)
from crm.models import Product


class ProductSerializer(RecordSerializer):
    standard_list_price = MoneyField(required=False, help_text="The list price.")

    class Meta(RecordSerializer.Meta):
        model = Product
        fields = record_fields(
            "name",
            "product_code",
            "family",
            "description",
            "standard_list_price",
            "is_retainer_product",
            "is_active",
        )
        # Uniqueness is the model's rule (full_clean in save_record): a 422 with its message.
        extra_kwargs = {"product_code": {"validators": []}}


class ProductFilter(RecordFilterSet):
    class Meta:
        model = Product
        fields = ("family", "is_retainer_product")


class ProductViewSet(DeactivationActions, RecordViewSet):
    """What the agency sells. Inactive products stay on old deals but cannot be added to new
    line items."""

    queryset = Product.objects.select_related("owner")
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    search_fields = ("name", "product_code")
    ordering_fields = ("id", "name", "product_code", "created_at", "updated_at")
