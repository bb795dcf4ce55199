"""Accounts and contacts. ``GET /accounts/{id}/`` carries its contacts, open opportunities and
open cases (first 50 of each) in a constant number of queries."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from api.kit.records import (
    DeactivationActions,
    RecordFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_fields,
)
from crm.models import Account, Case, Contact, Opportunity
from crm.models.support import OPEN_CASE_STATUSES

RELATED_LIMIT = 50
ADDRESS = ("street", "city", "state", "postal_code", "country")


class AccountSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Account
        fields = record_fields(
            "name",
            "phone",
            "website",
            "type",
            "industry",
            "description",
            "parent",
            *(f"{prefix}_{part}" for prefix in ("billing", "shipping") for part in ADDRESS),
            "is_active",
        )


class ContactSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ("id", "first_name", "last_name", "title", "email", "phone")


class OpportunitySummarySerializer(serializers.ModelSerializer):
    # A sum of line totals: unbounded (never a 500 on a huge deal), in ``currency``.
    amount = serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)

    class Meta:
        model = Opportunity
        fields = ("id", "name", "stage", "close_date", "currency", "amount")
        read_only_fields = fields


class CaseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ("id", "subject", "status", "priority", "created_at")


class AccountDetailSerializer(AccountSerializer):
    contacts = ContactSummarySerializer(many=True, read_only=True, source="api_contacts")
    open_opportunities = OpportunitySummarySerializer(
        many=True, read_only=True, source="api_open_opportunities"
    )
    open_cases = CaseSummarySerializer(many=True, read_only=True, source="api_open_cases")

    class Meta(AccountSerializer.Meta):
        fields = (*AccountSerializer.Meta.fields, "contacts", "open_opportunities", "open_cases")


class AccountFilter(RecordFilterSet):
    parent = django_filters.NumberFilter(field_name="parent_id")

    class Meta:
        model = Account
        fields = ("type", "industry", "billing_country", "billing_city")


class AccountViewSet(DeactivationActions, RecordViewSet):
    """Companies the agency sells to."""

    queryset = Account.objects.select_related("owner")
    serializer_class = AccountSerializer
    detail_serializer_class = AccountDetailSerializer
    filterset_class = AccountFilter
    search_fields = ("name", "phone", "website", "billing_city")
    ordering_fields = ("id", "name", "created_at", "updated_at")

    def detail_prefetches(self):
        return [
            Prefetch(
                "contacts",
                Contact.objects.active().order_by("last_name", "first_name", "id")[:RELATED_LIMIT],
                to_attr="api_contacts",
            ),
            Prefetch(
                "opportunities",
                Opportunity.objects.open()
                .with_amount()
                .order_by("close_date", "id")[:RELATED_LIMIT],
                to_attr="api_open_opportunities",
            ),
            Prefetch(
                "cases",
                Case.objects.filter(status__in=OPEN_CASE_STATUSES).order_by("-created_at")[
                    :RELATED_LIMIT
                ],
                to_attr="api_open_cases",
            ),
        ]


class ContactSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Contact
        fields = record_fields(
            "salutation",
            "first_name",
            "last_name",
            "title",
            "department",
            "email",
            "phone",
            "mobile",
            "account",
            "reports_to",
            "lead_source",
            "description",
            *(f"mailing_{part}" for part in ADDRESS),
            "is_active",
        )


class ContactFilter(RecordFilterSet):
    account = django_filters.NumberFilter(field_name="account_id")

    class Meta:
        model = Contact
        fields = ("lead_source", "mailing_country")


class ContactViewSet(DeactivationActions, RecordViewSet):
    """People at accounts."""

    queryset = Contact.objects.select_related("owner")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = ("first_name", "last_name", "email", "phone")
    ordering_fields = ("id", "last_name", "created_at", "updated_at")
