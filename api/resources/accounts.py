"""Accounts and contacts. ``GET /accounts/{id}/`` carries its contacts, open opportunities and
open cases (first 50 of each) in a constant number of queries; ``?opportunities=all`` adds
every opportunity (first 50, their count and the filtered list's URL), two queries more."""

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.reverse import reverse

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
OPPORTUNITIES_PARAM = "opportunities"
BAD_OPPORTUNITIES = 'Use "all" (every opportunity) or "open" (the default).'
ALL_OPPORTUNITIES = OpenApiParameter(
    OPPORTUNITIES_PARAM,
    OpenApiTypes.STR,
    enum=["open", "all"],
    description=(
        "`all`: also answer `opportunities` with every opportunity of the account (the first "
        f"{RELATED_LIMIT} by close date, newest first), their `count` and the `list_url` "
        "that pages through all of them. Default `open`: `opportunities` is null."
    ),
)
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


class AccountOpportunitiesSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="api_opportunity_count", help_text="All of them.")
    results = OpportunitySummarySerializer(
        many=True, source="api_all_opportunities", help_text=f"The first {RELATED_LIMIT}."
    )
    list_url = serializers.SerializerMethodField(help_text="Every one, paged and filterable.")

    def get_list_url(self, account) -> str:
        url = reverse("api:opportunities-list", request=self.context.get("request"))
        return f"{url}?account={account.pk}"


class AccountDetailSerializer(AccountSerializer):
    contacts = ContactSummarySerializer(many=True, read_only=True, source="api_contacts")
    open_opportunities = OpportunitySummarySerializer(
        many=True, read_only=True, source="api_open_opportunities"
    )
    open_cases = CaseSummarySerializer(many=True, read_only=True, source="api_open_cases")
    opportunities = serializers.SerializerMethodField(
        help_text="With ?opportunities=all: every opportunity (else null)."
    )

    class Meta(AccountSerializer.Meta):
        fields = (
            *AccountSerializer.Meta.fields,
            "contacts",
            "open_opportunities",
            "open_cases",
            "opportunities",
        )

    @extend_schema_field(AccountOpportunitiesSerializer(allow_null=True))
    def get_opportunities(self, account) -> dict | None:
        if not hasattr(account, "api_all_opportunities"):
            return None
        return AccountOpportunitiesSerializer(account, context=self.context).data


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
    extra_error_codes = [400]  # GET {id}/?opportunities=<neither open nor all>
    filterset_class = AccountFilter
    search_fields = ("name", "phone", "website", "billing_city")
    ordering_fields = ("id", "name", "created_at", "updated_at")

    def all_opportunities(self) -> bool:
        if self.action != "retrieve" or getattr(self, "swagger_fake_view", False):
            return False
        value = self.request.query_params.get(OPPORTUNITIES_PARAM, "open")
        if value not in ("open", "all"):
            raise ValidationError({OPPORTUNITIES_PARAM: [BAD_OPPORTUNITIES]})
        return value == "all"

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.all_opportunities():
            return queryset
        count = (
            Opportunity.objects.filter(account=OuterRef("pk"))
            .order_by()
            .values("account")
            .annotate(n=Count("pk"))
            .values("n")
        )
        queryset = queryset.annotate(
            api_opportunity_count=Coalesce(Subquery(count, output_field=IntegerField()), 0)
        )
        every = Opportunity.objects.with_amount().order_by("-close_date", "-id")
        return queryset.prefetch_related(
            Prefetch("opportunities", every[:RELATED_LIMIT], to_attr="api_all_opportunities")
        )

    @extend_schema(parameters=[ALL_OPPORTUNITIES])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

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
