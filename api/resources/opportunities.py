"""Opportunities: deals with an amount computed from their lines (``with_amount``), a stage
machine moved only by ``stage/`` (crm.services.opportunities.change_stage), and the won
deal's fulfilment: ``generate-order/`` and ``generate-contract/``. The detail carries the
line items and contact roles in a constant number of queries."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers, status
from rest_framework.response import Response

from api.kit.records import (
    RECORD_READ_ONLY,
    ActionInput,
    CurrencyField,
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_action,
    record_fields,
)
from api.kit.versions import with_etag
from api.resources.opportunity_lines import ContactRoleSerializer, LineItemSerializer
from api.resources.orders import OrderDetailSerializer, OrderViewSet
from crm.models import Contract, Opportunity
from crm.models.contracts import BillingCycle, contract_end
from crm.models.opportunities import LossReason, Stage
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.services import opportunities as opportunity_services

ENDS_TOO_LATE = (
    "The contract would end after the year 9999: choose an earlier start or a shorter term."
)
COMPUTED = (
    "stage",
    "probability",
    "forecast_category",
    "loss_reason",
    "loss_details",
    "amount",
)


class OpportunitySerializer(RecordSerializer):
    amount = serializers.DecimalField(
        max_digits=None,  # a sum of line totals: unbounded, never a 500 on a large deal
        decimal_places=2,
        read_only=True,
        help_text="Σ quantity × sale price of the line items, in ``currency``.",
    )
    forecast_category = serializers.CharField(read_only=True, help_text="Follows the stage.")
    loss_reason = serializers.ChoiceField(
        choices=LossReason.choices,
        allow_blank=True,  # "" on every deal that is not Closed Lost
        read_only=True,
        help_text="Set by the close action when the deal is lost; empty otherwise.",
    )
    currency = CurrencyField(
        required=False, help_text="Defaults to CRM_DEFAULT_CURRENCY; the lines' currency."
    )

    class Meta(RecordSerializer.Meta):
        model = Opportunity
        fields = record_fields(
            "name",
            "account",
            "stage",
            "close_date",
            "type",
            "lead_source",
            "campaign",
            "next_step",
            "description",
            "probability",
            "forecast_category",
            "loss_reason",
            "loss_details",
            "currency",
            "amount",
        )
        # The stage (and what follows from it) only moves through stage/.
        read_only_fields = (*RECORD_READ_ONLY, *COMPUTED)


class OpportunityDetailSerializer(OpportunitySerializer):
    line_items = LineItemSerializer(many=True, read_only=True)
    contact_roles = ContactRoleSerializer(many=True, read_only=True)

    class Meta(OpportunitySerializer.Meta):
        fields = (*OpportunitySerializer.Meta.fields, "line_items", "contact_roles")


class OpportunityFilter(OwnedFilterSet):
    account = django_filters.NumberFilter(field_name="account_id", help_text="Account id.")
    campaign = django_filters.NumberFilter(field_name="campaign_id", help_text="Campaign id.")
    close_after = django_filters.DateFilter(field_name="close_date", lookup_expr="gte")
    close_before = django_filters.DateFilter(field_name="close_date", lookup_expr="lte")

    class Meta:
        model = Opportunity
        fields = ("stage", "type", "lead_source")


class StageInput(ActionInput):
    stage = serializers.ChoiceField(choices=Stage.choices)
    loss_reason = serializers.ChoiceField(
        choices=LossReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the deal was lost: required when moving to closed_lost.",
    )
    loss_details = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="More about the loss (optional; kept only with closed_lost).",
    )
    close_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When closing: the deal's close date (default: its own, else today).",
    )


class ContractInput(ActionInput):
    start_date = serializers.DateField()
    term_months = serializers.IntegerField(min_value=1, max_value=32767, default=12)
    billing_cycle = serializers.ChoiceField(choices=BillingCycle.choices, default="monthly")

    def validate(self, attrs):
        # The service computes the end date; one past year 9999 cannot exist (was a 500).
        try:
            contract_end(attrs["start_date"], attrs["term_months"])
        except (ValueError, OverflowError):
            raise serializers.ValidationError({"term_months": [ENDS_TOO_LATE]}) from None
        return attrs


class ContractSummarySerializer(serializers.ModelSerializer):
    """The generated draft contract; the full contract lives under /contracts/."""

    class Meta:
        model = Contract
        fields = (
            "id",
            "version",
            "number",
            "status",
            "start_date",
            "end_date",
            "term_months",
            "billing_cycle",
            "currency",
        )
        read_only_fields = fields


def created(serializer_class, record) -> Response:
    """201 with the new record's summary and its own ETag."""
    return with_etag(
        Response(serializer_class(record).data, status=status.HTTP_201_CREATED), record
    )


class OpportunityViewSet(RecordViewSet):
    """Deals. ``amount`` is computed from the line items (never stored); the stage, its
    probability and forecast category change only with ``stage/``. A Closed Won deal
    generates its order (``generate-order/``) and retainer contract (``generate-contract/``).
    The detail lists the line items and contact roles."""

    queryset = Opportunity.objects.with_amount().select_related("owner")
    serializer_class = OpportunitySerializer
    state_actions = {name: ("stage",) for name in COMPUTED if name != "amount"}
    detail_serializer_class = OpportunityDetailSerializer
    filterset_class = OpportunityFilter
    search_fields = ("name", "account__name", "next_step")
    ordering_fields = ("id", "name", "close_date", "amount", "created_at", "updated_at")

    def detail_prefetches(self):
        return [
            Prefetch("line_items", OpportunityLineItem.objects.select_related("product")),
            Prefetch("contact_roles", OpportunityContactRole.objects.select_related("contact")),
        ]

    @record_action("stage", summary="Move the opportunity to another stage", input=StageInput)
    def change_stage(self, record, *, user, version, stage, **closing):
        """Probability, close date and forecast follow the stage (crm.services)."""
        return opportunity_services.change_stage(
            record, stage=stage, user=user, version=version, **closing
        )

    @record_action(
        "generate-order",
        summary="Generate the order of a Closed Won opportunity",
        permissions=("crm.generate_order",),
        responses={201: OrderDetailSerializer},
    )
    def generate_order(self, record, *, user, version):
        """One open order per deal, with a snapshot of every line. Answers the order in full,
        as ``GET /orders/{id}/`` shows it (totals, ``line_items``, ``payments``)."""
        order = opportunity_services.generate_order(record, user=user, version=version)
        orders = OrderViewSet.queryset.all().prefetch_related(*OrderViewSet().detail_prefetches())
        return created(OrderDetailSerializer, orders.get(pk=order.pk))

    @record_action(
        "generate-contract",
        summary="Generate a draft retainer contract from a Closed Won opportunity",
        input=ContractInput,
        permissions=("crm.generate_contract",),
        responses={201: ContractSummarySerializer},
    )
    def generate_contract(self, record, *, user, version, **terms):
        """Its retainer-product lines become the contract's lines."""
        contract = opportunity_services.generate_contract(
            record, user=user, version=version, **terms
        )
        return created(ContractSummarySerializer, contract)
