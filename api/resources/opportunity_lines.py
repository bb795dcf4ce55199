"""An opportunity's products (line items) and contact roles: list, retrieve, create, PATCH and
``remove/``, every write through crm.services.opportunity_lines, which locks the opportunity
and refuses changes once it is closed. The rows carry no version: their ETag is their last
change, compared under the opportunity's row lock (``version_parent``)."""

import django_filters
from rest_framework import serializers, status
from rest_framework.response import Response

from api.kit.records import MoneyField, RecordViewSet, TimestampFilterSet, record_action
from crm.models import Opportunity
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.services import opportunity_lines as line_services

DELETE = "%(app_label)s.delete_%(model_name)s"


class StaysOnItsOpportunity:
    """``opportunity`` is given on create only: a row never moves to another deal (that
    would bypass the other deal's lock and closed-stage check)."""

    def get_fields(self):
        fields = super().get_fields()
        if isinstance(self.instance, OpportunityLineItem | OpportunityContactRole):
            fields["opportunity"].read_only = True
        return fields


class LineItemSerializer(StaysOnItsOpportunity, serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    sale_price = MoneyField(
        required=False,
        allow_null=True,
        help_text="Omit or null for the product's list price (in the opportunity's currency).",
    )
    total = MoneyField(read_only=True, help_text="quantity × sale price")
    opportunity = serializers.PrimaryKeyRelatedField(queryset=Opportunity.objects.all())

    class Meta:
        model = OpportunityLineItem
        fields = (
            "id",
            "opportunity",
            "product",
            "product_name",
            "quantity",
            "sale_price",
            "total",
            "description",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "created_at", "updated_at")


class ContactRoleSerializer(StaysOnItsOpportunity, serializers.ModelSerializer):
    contact_name = serializers.CharField(source="contact", read_only=True)
    opportunity = serializers.PrimaryKeyRelatedField(queryset=Opportunity.objects.all())

    class Meta:
        model = OpportunityContactRole
        fields = (
            "id",
            "opportunity",
            "contact",
            "contact_name",
            "role",
            "is_primary",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "created_at", "updated_at")
        # One role per contact, one primary: the model's constraints (422, its messages).
        validators = []


class OpportunityChildFilter(TimestampFilterSet):
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")


class LineItemFilter(OpportunityChildFilter):
    product = django_filters.NumberFilter(field_name="product_id")

    class Meta:
        model = OpportunityLineItem
        fields = ()


class ContactRoleFilter(OpportunityChildFilter):
    contact = django_filters.NumberFilter(field_name="contact_id")

    class Meta:
        model = OpportunityContactRole
        fields = ("role", "is_primary")


class OpportunityChildViewSet(RecordViewSet):
    """Shared write path: the services take the unsaved or changed row."""

    version_parent = "opportunity"
    ordering_fields = ("id", "created_at", "updated_at")
    save_service = staticmethod(line_services.save_line_item)
    remove_service = staticmethod(line_services.remove_line_item)

    def create_record(self, data: dict, *, user):
        return self.save_service(self.get_queryset().model(**data), user=user)

    def update_record(self, record, changes: dict, *, user, version: int):
        for name, value in changes.items():
            setattr(record, name, value)
        return self.save_service(record, user=user)

    def _remove(self, record, *, user):
        self.remove_service(record, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LineItemViewSet(OpportunityChildViewSet):
    """Products on an opportunity (quantity × sale price; a blank price is the product's
    list price). Changes are refused once the opportunity is closed."""

    queryset = OpportunityLineItem.objects.select_related("product")
    serializer_class = LineItemSerializer
    filterset_class = LineItemFilter
    search_fields = ("product__name", "description")

    @record_action(
        "remove",
        summary="Remove the product from the opportunity",
        permissions=(DELETE,),
        responses={204: None},
    )
    def remove(self, record, *, user, version):
        """Lines are one of the few rows that may be deleted (SPEC §4)."""
        return self._remove(record, user=user)


class ContactRoleViewSet(OpportunityChildViewSet):
    """Who is involved in a deal and how. Marking one primary clears the previous primary."""

    queryset = OpportunityContactRole.objects.select_related("contact")
    serializer_class = ContactRoleSerializer
    filterset_class = ContactRoleFilter
    search_fields = ("contact__first_name", "contact__last_name", "contact__email")
    save_service = staticmethod(line_services.save_contact_role)
    remove_service = staticmethod(line_services.remove_contact_role)

    @record_action(
        "remove",
        summary="Remove the contact's role from the opportunity",
        permissions=(DELETE,),
        responses={204: None},
    )
    def remove(self, record, *, user, version):
        """Roles are one of the few rows that may be deleted (SPEC §4)."""
        return self._remove(record, user=user)
