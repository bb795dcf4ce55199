"""Pieces the billing resources share: computed money totals shown like every other amount
(``{"amount", "currency"}``, read-only, from the queryset's annotation), a child row's ETag
version, child serializers whose parent is fixed once created, and search by record number
(``Q-000042`` / ``ORD-000012`` / ``CTR-000003``) next to the text fields."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters, serializers

from api.kit.serializers import MoneyValueSerializer
from api.kit.versions import current_version

MAX_PK = 2**63


@extend_schema_field(MoneyValueSerializer)
class TotalField(serializers.Field):
    """An annotated total (``Order.objects.with_totals()`` …) in the record's currency."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record) -> dict:
        return {"amount": f"{getattr(record, self.attribute):.2f}", "currency": record.currency}


class ChildSerializer(serializers.ModelSerializer):
    """An unversioned child row (a line item): its ``version`` is its last change (the ETag
    to send back in If-Match), and its parent is chosen once, on create."""

    parent_field = ""
    version = serializers.SerializerMethodField(
        help_text="The row's ETag value: send it back in If-Match (or as version)."
    )

    @extend_schema_field(OpenApiTypes.INT)
    def get_version(self, row) -> int:
        return current_version(row)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and self.parent_field in fields:
            fields[self.parent_field].read_only = True
        return fields


class NumberSearchFilter(filters.SearchFilter):
    """``?search=`` matches the view's ``search_fields`` or, when the text is a record
    number, that record (``parse_number`` on the view)."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get(self.search_param, "").strip()
        number = view.parse_number(text) if text else None
        searched = super().filter_queryset(request, queryset, view)
        if number is None or not 0 < number < MAX_PK:
            return searched
        return searched | queryset.filter(pk=number)


NUMBER_SEARCH_BACKENDS = [DjangoFilterBackend, NumberSearchFilter, filters.OrderingFilter]
