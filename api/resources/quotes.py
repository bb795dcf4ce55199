"""Quotes and their lines. A quote is made from an opportunity (``create_quote`` copies its
products); it moves draft → presented → accepted / denied through actions, and its lines
change only while it is a draft (``save_quote_line`` / ``remove_quote_line`` lock the quote).
The total is annotated, never stored."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from api.kit.children import (
    PricedLineSerializer,
    PricedLineViewSet,
    line_price_field,
    priced_line_fields,
)
from api.kit.records import (
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    TotalField,
    record_action,
    record_fields,
)
from api.kit.strict import StrictInput
from api.resources.billing_fields import NUMBER_SEARCH_BACKENDS
from crm.models import Opportunity
from crm.models.quotes import Quote, QuoteLineItem, QuoteStatus, parse_number
from crm.selectors.quotes import quotes_list
from crm.services import quotes as services


class QuoteLineItemSerializer(PricedLineSerializer):
    sale_price = line_price_field(QuoteLineItem)

    class Meta:
        model = QuoteLineItem
        fields = priced_line_fields(QuoteLineItem)
        read_only_fields = ("id", "created_at", "updated_at")


class QuoteSerializer(RecordSerializer):
    number = serializers.CharField(read_only=True)
    total = TotalField("total", help_text="Σ quantity × sale price of the lines.")

    class Meta(RecordSerializer.Meta):
        model = Quote
        fields = record_fields(
            "number",
            "name",
            "opportunity",
            "account",
            "contact",
            "status",
            "expiration_date",
            "description",
            "currency",
            "total",
        )
        read_only_fields = (
            *RecordSerializer.Meta.read_only_fields,
            "opportunity",
            "account",
            "status",
            "currency",
        )


class QuoteDetailSerializer(QuoteSerializer):
    line_items = QuoteLineItemSerializer(many=True, read_only=True)

    class Meta(QuoteSerializer.Meta):
        fields = (*QuoteSerializer.Meta.fields, "line_items")


class NewQuoteSerializer(StrictInput, serializers.Serializer):
    """``create_quote``'s input: the opportunity whose products are copied."""

    opportunity = serializers.PrimaryKeyRelatedField(queryset=Opportunity.objects.all())
    name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="Defaults to the deal's name."
    )
    expiration_date = serializers.DateField(
        required=False, allow_null=True, help_text="Defaults to 30 days from today."
    )


class QuoteFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=QuoteStatus.choices)
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    account = django_filters.NumberFilter(field_name="account_id")
    expires_after = django_filters.DateFilter(field_name="expiration_date", lookup_expr="gte")
    expires_before = django_filters.DateFilter(field_name="expiration_date", lookup_expr="lte")

    class Meta:
        model = Quote
        fields = ("status", "opportunity", "account")


class QuoteViewSet(RecordViewSet):
    """Priced offers made from opportunities. Create one from an opportunity (its products
    are copied); edit the name, bill-to contact, expiry and description; present, accept or
    deny it with the actions. ``search`` matches the name or the number (``Q-000042``)."""

    queryset = quotes_list()
    serializer_class = QuoteSerializer
    state_actions = {"status": ("present", "accept", "deny")}
    detail_serializer_class = QuoteDetailSerializer
    filterset_class = QuoteFilter
    filter_backends = NUMBER_SEARCH_BACKENDS
    search_fields = ("name",)
    ordering_fields = ("id", "name", "expiration_date", "total", "created_at", "updated_at")
    parse_number = staticmethod(parse_number)

    def detail_prefetches(self):
        lines = QuoteLineItem.objects.select_related("product").order_by("pk")
        return [Prefetch("line_items", lines)]

    def get_serializer_class(self):
        if self.action == "create":
            return NewQuoteSerializer
        return super().get_serializer_class()

    @extend_schema(request=NewQuoteSerializer, responses={201: QuoteSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def create_record(self, data: dict, *, user):
        return services.create_quote(
            data["opportunity"],
            user=user,
            name=data.get("name"),
            expiration_date=data.get("expiration_date"),
        )

    @record_action("present", summary="Present the quote to the customer (freezes its lines)")
    def present(self, record, *, user, version):
        return services.present_quote(record, user=user, version=version)

    @record_action("accept", summary="Accept the quote (its lines become the deal's products)")
    def accept(self, record, *, user, version):
        return services.accept_quote(record, user=user, version=version)

    @record_action("deny", summary="Record that the customer declined the quote")
    def deny(self, record, *, user, version):
        return services.deny_quote(record, user=user, version=version)


class QuoteLineItemViewSet(PricedLineViewSet):
    """The lines of quotes: added, edited and removed only while their quote is a draft."""

    line_model = QuoteLineItem
    serializer_class = QuoteLineItemSerializer
    save_service = staticmethod(services.save_quote_line)
    remove_service = staticmethod(services.remove_quote_line)
