"""Campaigns and their members. A campaign's status moves like the admin's path and Abort
button (crm.services.transitions); people join through ``POST campaigns/{id}/members/``
(crm.services.campaigns.add_members) and leave through ``campaign-members/{id}/remove/``.
The web-to-lead key is not shown here: it belongs to the web-to-lead resource."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.kit.records import (
    RECORD_READ_ONLY,
    ActionInput,
    DeactivationActions,
    MoneyField,
    ReadRecordViewSet,
    RecordFilterSet,
    RecordSerializer,
    RecordViewSet,
    TimestampFilterSet,
    record_action,
    record_fields,
)
from api.kit.strict import StrictInput
from crm.models import Campaign, CampaignMember, CampaignStatus, Contact, Lead, MemberStatus
from crm.selectors.campaigns import METRICS, with_metrics
from crm.services import campaigns as campaign_services
from crm.services import transitions


class CampaignSerializer(RecordSerializer):
    budgeted_cost = MoneyField(required=False)
    actual_cost = MoneyField(required=False)
    expected_revenue = MoneyField(required=False)

    class Meta(RecordSerializer.Meta):
        model = Campaign
        fields = record_fields(
            "name",
            "type",
            "status",
            "start_date",
            "end_date",
            "budgeted_cost",
            "actual_cost",
            "expected_revenue",
            "parent",
            "description",
            "is_active",
        )
        read_only_fields = (*RECORD_READ_ONLY, "status")


class CampaignDetailSerializer(CampaignSerializer):
    """The record page's metrics (crm.selectors.campaigns.with_metrics), never stored."""

    lead_count = serializers.IntegerField(read_only=True)
    converted_lead_count = serializers.IntegerField(read_only=True)
    contact_count = serializers.IntegerField(read_only=True)
    response_count = serializers.IntegerField(read_only=True)
    opportunity_count = serializers.IntegerField(read_only=True)
    won_opportunity_count = serializers.IntegerField(read_only=True)
    won_amount = serializers.DecimalField(
        max_digits=None,  # a sum of line totals: unbounded, never a 500 on a large deal
        decimal_places=2,
        read_only=True,
        help_text="Σ line totals of won deals sourced by this campaign, in its currency.",
    )

    class Meta(CampaignSerializer.Meta):
        fields = (*CampaignSerializer.Meta.fields, *METRICS)


class CampaignFilter(RecordFilterSet):
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")
    end_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte")
    end_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte")
    parent = django_filters.NumberFilter(field_name="parent_id", help_text="Parent campaign id.")

    class Meta:
        model = Campaign
        fields = ("status", "type")


class CampaignStatusInput(ActionInput):
    status = serializers.ChoiceField(
        choices=CampaignStatus.choices,
        help_text="planned → in_progress → completed; planned or in_progress → aborted.",
    )


class AddMembersInput(StrictInput, serializers.Serializer):
    leads = serializers.PrimaryKeyRelatedField(
        queryset=Lead.objects.all(), many=True, required=False, default=list
    )
    contacts = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.all(), many=True, required=False, default=list
    )
    status = serializers.ChoiceField(choices=MemberStatus.choices, default=MemberStatus.SENT)


class MembershipResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="People added now.")
    already = serializers.IntegerField(help_text="People who were already members.")
    refused = serializers.ListField(
        child=serializers.CharField(), help_text="People who cannot join, with the reason."
    )


class CampaignViewSet(DeactivationActions, RecordViewSet):
    """Marketing campaigns: where leads and deals come from. The detail carries the
    campaign's metrics; the status changes with ``status/``; ``members/`` adds leads and
    contacts in bulk."""

    queryset = Campaign.objects.select_related("owner")
    serializer_class = CampaignSerializer
    state_actions = {"status": ("status",)}
    detail_serializer_class = CampaignDetailSerializer
    filterset_class = CampaignFilter
    search_fields = ("name",)
    ordering_fields = ("id", "name", "start_date", "created_at", "updated_at")

    def get_queryset(self):
        queryset = super().get_queryset()
        return with_metrics(queryset) if self.action == "retrieve" else queryset

    @record_action("status", summary="Move the campaign's status", input=CampaignStatusInput)
    def change_status(self, record, *, user, version, status):
        """Start, complete or abort, as the admin's path and Abort button do."""
        return transitions.transition(
            record, field="status", target=status, user=user, version=version
        )

    # members/ adds child rows and leaves the campaign itself unchanged: no If-Match for it.
    @property
    def versioned(self) -> bool:
        return getattr(self, "action", None) != "add_members"

    @property
    def record_responses(self) -> bool:
        return self.versioned

    @extend_schema(
        request=AddMembersInput,
        responses={200: MembershipResultSerializer},
        summary="Add leads and/or contacts to the campaign",
    )
    @action(detail=True, methods=["post"], url_path="members")
    def add_members(self, request, pk=None):
        """People already in the campaign are counted, not duplicated; people who cannot
        join (converted leads, inactive contacts) are listed with the reason. The campaign
        itself does not change, so no version is needed."""
        campaign = self.get_object()
        form = AddMembersInput(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        result = campaign_services.add_members(campaign, user=request.user, **form.validated_data)
        return Response(MembershipResultSerializer(result).data)

    add_members.permissions = ("crm.add_campaignmember",)


class CampaignMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person", read_only=True, help_text="The person.")

    class Meta:
        model = CampaignMember
        fields = (
            "id",
            "campaign",
            "lead",
            "contact",
            "name",
            "status",
            "responded_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "campaign", "lead", "contact", "created_at", "updated_at")


class CampaignMemberFilter(TimestampFilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign_id")
    lead = django_filters.NumberFilter(field_name="lead_id")
    contact = django_filters.NumberFilter(field_name="contact_id")

    class Meta:
        model = CampaignMember
        fields = ("status",)


class CampaignMemberViewSet(ReadRecordViewSet):
    """The people in campaigns. Members join through ``POST campaigns/{id}/members/``; here
    their response is recorded (PATCH ``status``: responded sets ``responded_at``) and they
    leave with ``remove/``. Members carry no version: their ETag is their last change."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = CampaignMember.objects.select_related("lead", "contact")
    serializer_class = CampaignMemberSerializer
    filterset_class = CampaignMemberFilter
    search_fields = ("lead__last_name", "lead__email", "contact__last_name", "contact__email")
    ordering_fields = ("id", "created_at", "updated_at", "responded_at")
    version_parent = "campaign"

    # PATCH as every record (save_record, the ETag checked under the campaign's row lock).
    partial_update = RecordViewSet.partial_update
    update_record = RecordViewSet.update_record

    @record_action(
        "remove",
        summary="Remove the person from the campaign",
        permissions=("%(app_label)s.delete_%(model_name)s",),
        responses={204: None},
    )
    def remove(self, record, *, user, version):
        """The one campaign record that may be deleted (crm.services.campaigns)."""
        campaign_services.remove_member(record, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
