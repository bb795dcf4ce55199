"""Leads: worked along their status path (``status/``) and converted into an account, a
contact and an opportunity (``convert/``), both through crm.services.leads. A converted lead
is frozen: the model refuses any write, so PATCH answers 422 with the app's message."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.kit.records import (
    RECORD_READ_ONLY,
    ActionInput,
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_action,
    record_fields,
)
from crm.models import Account, Contact, Lead, LeadStatus
from crm.services import leads as lead_services

ADDRESS = ("street", "city", "state", "postal_code", "country")
CONVERSION = ("converted_at", "converted_account", "converted_contact", "converted_opportunity")


class LeadSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Lead
        fields = record_fields(
            "first_name",
            "last_name",
            "company",
            "title",
            "email",
            "phone",
            "website",
            "status",
            "lead_source",
            "industry",
            "campaign",
            "description",
            *(f"address_{part}" for part in ADDRESS),
            *CONVERSION,
        )
        # The status only moves through status/ and convert/; conversion fields are set by
        # convert_lead alone.
        read_only_fields = (*RECORD_READ_ONLY, "status", *CONVERSION)


CONVERTED = "Lead converted successfully."


class RecordLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The record in the API.")


@extend_schema_field(RecordLinkSerializer)
class RecordLinkField(serializers.Field):
    """A related record as ``{"id", "url"}`` (null when there is none)."""

    def __init__(self, basename: str, **kwargs):
        self.basename = basename
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record) -> dict:
        request = self.context.get("request")
        url = reverse(f"api:{self.basename}-detail", args=[record.pk], request=request)
        return {"id": record.pk, "url": url}


class CreatedRecordsSerializer(serializers.Serializer):
    account = RecordLinkField("accounts", source="converted_account")
    contact = RecordLinkField("contacts", source="converted_contact")
    opportunity = RecordLinkField("opportunities", source="converted_opportunity", allow_null=True)


class ConvertedLeadSerializer(LeadSerializer):
    """The converted lead (it stays at its URL) plus the client contract's summary: a message
    and the account, contact and opportunity it became (used or created)."""

    message = serializers.SerializerMethodField()
    created_records = CreatedRecordsSerializer(source="*", read_only=True)

    class Meta(LeadSerializer.Meta):
        fields = (*LeadSerializer.Meta.fields, "message", "created_records")

    def get_message(self, lead) -> str:
        return CONVERTED


class LeadFilter(OwnedFilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign_id", help_text="Campaign id.")

    class Meta:
        model = Lead
        fields = ("status", "lead_source", "industry")


class LeadStatusInput(ActionInput):
    status = serializers.ChoiceField(
        choices=LeadStatus.choices,
        help_text="The status to move to (use convert/ to convert).",
    )


class ConvertLeadInput(ActionInput):
    """The options of the admin's Convert page, as convert_lead takes them."""

    account = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.all(),
        required=False,
        allow_null=True,
        help_text="An existing account to use; omit or null to create one from the company.",
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.all(),
        required=False,
        allow_null=True,
        help_text="An existing contact of that account; omit or null to create one.",
    )
    create_opportunity = serializers.BooleanField(
        default=True, help_text="False: convert without creating an opportunity."
    )
    opportunity_name = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="Name of the new opportunity (required unless create_opportunity is false).",
    )


class LeadViewSet(RecordViewSet):
    """People who showed interest but are not clients yet. Their status moves along
    new → contacted → qualified (or unqualified and back) with ``status/``; ``convert/``
    turns a workable lead into an account, a contact and an opportunity in one transaction.
    Converted leads are read-only."""

    queryset = Lead.objects.select_related("owner")
    serializer_class = LeadSerializer
    state_actions = {"status": ("status", "convert")}
    filterset_class = LeadFilter
    search_fields = ("first_name", "last_name", "company", "email")
    ordering_fields = ("id", "last_name", "company", "status", "created_at", "updated_at")

    @record_action("status", summary="Move the lead along its status path", input=LeadStatusInput)
    def change_status(self, record, *, user, version, status):
        """Mark contacted, qualify, disqualify or reopen (crm.services.leads.change_status)."""
        return lead_services.change_status(record, status=status, user=user, version=version)

    @record_action(
        "convert",
        summary="Convert the lead into an account, a contact and an opportunity",
        input=ConvertLeadInput,
        permissions=("crm.convert_lead",),
        responses=ConvertedLeadSerializer,
    )
    def convert(self, record, *, user, version, **options):
        """Answers the converted lead; its converted_account / converted_contact /
        converted_opportunity name the records used or created, and ``created_records`` gives
        each one's id and URL (opportunity null when none was created)."""
        result = lead_services.convert_lead(record, user=user, version=version, **options)
        return self.record_response(result.lead, serializer_class=ConvertedLeadSerializer)
