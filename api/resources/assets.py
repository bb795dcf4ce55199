"""Assets: what a client owns, one per order line when an order is fulfilled, then tracked
through shipping, installation and end of use. Admins create and edit them; sales users read
(SPEC §5). Writes go through crm.services.records.save_record (the kit's default)."""

import django_filters

from api.kit.records import OwnedFilterSet, RecordSerializer, RecordViewSet, record_fields
from crm.models.assets import Asset, AssetStatus


class AssetSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Asset
        fields = record_fields(
            "name",
            "account",
            "contact",
            "product",
            "order_line_item",
            "serial_number",
            "quantity",
            "status",
            "purchase_date",
            "install_date",
            "usage_end_date",
            "description",
        )
        read_only_fields = (*RecordSerializer.Meta.read_only_fields, "order_line_item")


class AssetFilter(OwnedFilterSet):
    account = django_filters.NumberFilter(field_name="account_id")
    product = django_filters.NumberFilter(field_name="product_id")
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices)
    purchased_after = django_filters.DateFilter(field_name="purchase_date", lookup_expr="gte")
    purchased_before = django_filters.DateFilter(field_name="purchase_date", lookup_expr="lte")

    class Meta:
        model = Asset
        fields = ("account", "product", "status")


class AssetViewSet(RecordViewSet):
    """What clients own (created when an order is fulfilled, or by an admin). Sales users
    read only. ``search`` matches the name or the serial number."""

    queryset = Asset.objects.select_related("owner")
    serializer_class = AssetSerializer
    filterset_class = AssetFilter
    search_fields = ("name", "serial_number")
    ordering_fields = ("id", "name", "purchase_date", "created_at", "updated_at")
