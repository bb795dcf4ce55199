"""Child rows of a record (line items, contact roles): written only by their parent's
services, which lock the parent and refuse changes it does not allow (a closed deal, a
presented quote). They carry no ``version`` column: their ETag is their last change
(api.kit.versions), compared under the parent's row lock. Removing one is the deletion SPEC §4
allows, as a ``remove/`` action, never an HTTP DELETE."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from api.kit.actions import record_action
from api.kit.filters import TimestampFilterSet
from api.kit.serializers import MoneyField
from api.kit.versions import current_version
from api.kit.viewsets import RecordViewSet

DELETE = "%(app_label)s.delete_%(model_name)s"


class ChildSerializer(serializers.ModelSerializer):
    """``version`` is the row's ETag value; the parent (``parent_field``) is chosen once, on
    create: a row never moves to another parent (that would bypass the other one's lock)."""

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


class PricedLineSerializer(ChildSerializer):
    """A priced line (crm.models.priced_lines): declare its price with ``line_price_field``
    and ``Meta.fields = priced_line_fields(Model)``."""

    product_name = serializers.CharField(source="product.name", read_only=True)
    total = MoneyField(read_only=True, help_text="Quantity × price.")

    @property
    def parent_field(self) -> str:
        return self.Meta.model.parent_field


def line_price_field(model) -> MoneyField:
    """The line's price: optional (the product's list price) where the model allows it."""
    parent = model.parent_noun.split()[-1]
    if model.list_price_when_blank:
        help_text = f"Omit or null for the product's list price (in the {parent}'s currency)."
        return MoneyField(required=False, allow_null=True, help_text=help_text)
    return MoneyField(help_text=f"In the {parent}'s currency.")


def priced_line_fields(model) -> tuple[str, ...]:
    return (
        "id",
        "version",
        model.parent_field,
        "product",
        "product_name",
        "quantity",
        model.price_field,
        "total",
        "description",
        "created_at",
        "updated_at",
    )


class ChildRowViewSet(RecordViewSet):
    """Declare ``version_parent`` and the parent's two services, as staticmethods:
    ``save_service(row, *, user)`` (create and PATCH) and ``remove_service(row, *, user)``."""

    save_service = None
    remove_service = None

    def create_record(self, data: dict, *, user):
        return self.save_service(self.get_queryset().model(**data), user=user)

    def update_record(self, record, changes: dict, *, user, version: int):
        for name, value in changes.items():
            setattr(record, name, value)
        return self.save_service(record, user=user)

    @record_action(
        "remove",
        summary="Remove the row from its parent (refused once the parent is closed)",
        permissions=(DELETE,),
        responses={204: None},
    )
    def remove(self, record, *, user, version):
        self.remove_service(record, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def priced_line_filterset(model) -> type[TimestampFilterSet]:
    """``?<parent>=<id>`` and ``?product=<id>`` (plus the timestamp windows)."""
    parent = model.parent_field
    meta = type("Meta", (), {"model": model, "fields": ()})
    filters = {
        parent: django_filters.NumberFilter(field_name=f"{parent}_id"),
        "product": django_filters.NumberFilter(field_name="product_id"),
    }
    return type(f"{model.__name__}Filter", (TimestampFilterSet,), {**filters, "Meta": meta})


class PricedLineViewSet(ChildRowViewSet):
    """A priced line's resource: declare ``line_model``, ``serializer_class`` and the two
    services; the queryset, the filters and the parent whose lock guards it follow."""

    line_model = None
    search_fields = ("product__name", "description")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        parent = cls.line_model.parent_field
        cls.queryset = cls.line_model.objects.select_related("product", parent)
        cls.version_parent = parent
        cls.filterset_class = priced_line_filterset(cls.line_model)
