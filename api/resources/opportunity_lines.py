"""An opportunity's products (line items) and contact roles: list, retrieve, create, PATCH and
``remove/``, every write through crm.services.opportunity_lines, which locks the opportunity
and refuses changes once it is closed. The rows carry no version: their ETag is their last
change, compared under the opportunity's row lock (``version_parent``)."""

import django_filters
from rest_framework import serializers

from api.kit.children import (
    PricedLineSerializer,
    PricedLineViewSet,
    line_price_field,
    priced_line_fields,
)
from api.kit.records import ChildRowViewSet, ChildSerializer, TimestampFilterSet
from crm.models import Opportunity
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.services import opportunity_lines as line_services


class LineItemSerializer(PricedLineSerializer):
    sale_price = line_price_field(OpportunityLineItem)
    opportunity = serializers.PrimaryKeyRelatedField(queryset=Opportunity.objects.all())

    class Meta:
        model = OpportunityLineItem
        fields = priced_line_fields(OpportunityLineItem)
        read_only_fields = ("id", "created_at", "updated_at")


class ContactRoleSerializer(ChildSerializer):
    parent_field = "opportunity"
    contact_name = serializers.CharField(source="contact", read_only=True)
    opportunity = serializers.PrimaryKeyRelatedField(queryset=Opportunity.objects.all())

    class Meta:
        model = OpportunityContactRole
        fields = (
            "id",
            "version",
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


class ContactRoleFilter(OpportunityChildFilter):
    contact = django_filters.NumberFilter(field_name="contact_id")

    class Meta:
        model = OpportunityContactRole
        fields = ("role", "is_primary")


class LineItemViewSet(PricedLineViewSet):
    """Products on an opportunity (quantity × sale price; a blank price is the product's
    list price). Changes are refused once the opportunity is closed."""

    line_model = OpportunityLineItem
    serializer_class = LineItemSerializer
    save_service = staticmethod(line_services.save_line_item)
    remove_service = staticmethod(line_services.remove_line_item)


class ContactRoleViewSet(ChildRowViewSet):
    """Who is involved in a deal and how. Marking one primary clears the previous primary."""

    queryset = OpportunityContactRole.objects.select_related("contact")
    serializer_class = ContactRoleSerializer
    filterset_class = ContactRoleFilter
    search_fields = ("contact__first_name", "contact__last_name", "contact__email")
    version_parent = "opportunity"
    save_service = staticmethod(line_services.save_contact_role)
    remove_service = staticmethod(line_services.remove_contact_role)
