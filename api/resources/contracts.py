"""Retainer contracts and their lines. A contract is created here (``create_contract``) or
from a won opportunity (``opportunities/{id}/generate-contract/``); its account, dates, term,
cycle and currency change only while it is a draft (``update_contract``). Actions activate,
terminate and renew it, and log retainer payments for a service period. The cycle amount is
annotated in the list query."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.kit.children import (
    PricedLineSerializer,
    PricedLineViewSet,
    line_price_field,
    priced_line_fields,
)
from api.kit.records import (
    CHANGE,
    CurrencyField,
    MoneyField,
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    TotalField,
    record_action,
    record_fields,
)
from api.kit.strict import StrictInput
from api.kit.versions import with_etag
from api.resources.billing_fields import NUMBER_SEARCH_BACKENDS
from api.resources.orders import OrderPaymentSerializer
from api.resources.payments import (
    ADD_PAYMENT,
    NewPaymentSerializer,
    PaymentSerializer,
    TakesPayments,
)
from crm.models.contracts import (
    Contract,
    ContractLineItem,
    ContractStatus,
    parse_contract_number,
)
from crm.selectors.contracts import contract_list
from crm.services import contracts as services
from crm.services.records import check_owner_choice
from crm.services.transitions import check_version, lock

ADD = "%(app_label)s.add_%(model_name)s"


class ContractLineItemSerializer(PricedLineSerializer):
    price_per_cycle = line_price_field(ContractLineItem)

    class Meta:
        model = ContractLineItem
        fields = priced_line_fields(ContractLineItem)
        read_only_fields = ("id", "created_at", "updated_at")


class NewContractLineSerializer(StrictInput, serializers.ModelSerializer):
    price_per_cycle = MoneyField()

    class Meta:
        model = ContractLineItem
        fields = ("product", "quantity", "price_per_cycle", "description")


class ContractSerializer(RecordSerializer):
    number = serializers.CharField(read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)
    cycle_amount = TotalField("cycle_amount", help_text="Σ quantity × price per cycle.")
    currency = CurrencyField(
        required=False, help_text="Defaults to CRM_DEFAULT_CURRENCY; changes only in draft."
    )

    class Meta(RecordSerializer.Meta):
        model = Contract
        fields = record_fields(
            "number",
            "account",
            "account_name",
            "opportunity",
            "start_date",
            "term_months",
            "end_date",
            "billing_cycle",
            "status",
            "currency",
            "description",
            "cycle_amount",
        )
        read_only_fields = (*RecordSerializer.Meta.read_only_fields, "end_date", "status")


class NewContractSerializer(ContractSerializer):
    lines = NewContractLineSerializer(many=True, required=False, write_only=True)

    class Meta(ContractSerializer.Meta):
        fields = (*ContractSerializer.Meta.fields, "lines")


class ContractDetailSerializer(ContractSerializer):
    line_items = ContractLineItemSerializer(many=True, read_only=True)
    payments = OrderPaymentSerializer(many=True, read_only=True)

    class Meta(ContractSerializer.Meta):
        fields = (*ContractSerializer.Meta.fields, "line_items", "payments")


class ContractFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices)
    account = django_filters.NumberFilter(field_name="account_id")
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    starts_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")
    ends_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte")
    ends_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte")

    class Meta:
        model = Contract
        fields = ("status", "account", "opportunity", "billing_cycle")


class ContractViewSet(TakesPayments, RecordViewSet):
    """Retainer contracts: the agreement behind recurring payments. Drafts are edited and
    activated; activated ones are terminated or renewed (a new draft starting the day after
    this one ends). ``search`` matches the number (``CTR-000012``) or the account's name."""

    queryset = contract_list().select_related("opportunity")
    serializer_class = ContractSerializer
    state_actions = {"status": ("activate", "terminate")}
    detail_serializer_class = ContractDetailSerializer
    filterset_class = ContractFilter
    filter_backends = NUMBER_SEARCH_BACKENDS
    search_fields = ("account__name",)
    ordering_fields = (
        "id",
        "start_date",
        "end_date",
        "cycle_amount",
        "created_at",
        "updated_at",
    )
    parse_number = staticmethod(parse_contract_number)
    payment_parent = "contract"
    line_model = ContractLineItem

    def get_serializer_class(self):
        if self.action == "create":
            return NewContractSerializer
        return super().get_serializer_class()

    @extend_schema(request=NewContractSerializer, responses={201: ContractSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def create_record(self, data: dict, *, user):
        check_owner_choice(user=user, record=Contract(), owner=data.get("owner"))
        lines = [services.NewLine(**line) for line in data.pop("lines", [])]
        return services.create_contract(user=user, lines=lines, **data)

    def update_record(self, record, changes: dict, *, user, version: int):
        if "owner" in changes:
            check_owner_choice(user=user, record=record, owner=changes["owner"])
        return services.update_contract(record, user=user, version=version, **changes)

    @record_action("activate", summary="Activate the draft (it now expects payments)")
    def activate(self, record, *, user, version):
        return services.activate_contract(record, user=user, version=version)

    @record_action("terminate", summary="End the contract today")
    def terminate(self, record, *, user, version):
        return services.terminate_contract(record, user=user, version=version)

    @record_action(
        "renew",
        summary="Renew: a new draft contract starting the day after this one ends",
        permissions=(CHANGE, ADD),
        responses={201: ContractSerializer},
    )
    def renew(self, record, *, user, version):
        """Answers 201 with the new draft (its own ETag); the renewed contract is unchanged."""
        locked = lock(record)
        check_version(locked, version)
        renewal = services.renew_contract(locked, user=user)
        return self.record_response(renewal, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=NewPaymentSerializer,
        responses={201: PaymentSerializer},
        summary="Log a retainer payment for a service period (admins)",
    )
    @action(detail=True, methods=["post"], url_path="payments")
    def payments(self, request, pk=None):
        """The contract is locked while the payment is written; activated, expired and
        terminated contracts take payments, drafts do not."""
        payment = self.log_payment(request, self.get_object())
        serializer = PaymentSerializer(payment, context=self.get_serializer_context())
        return with_etag(Response(serializer.data, status=status.HTTP_201_CREATED), payment)

    payments.permissions = (ADD_PAYMENT,)


class ContractLineItemViewSet(PricedLineViewSet):
    """The services a contract bills every cycle: changed only while it is a draft."""

    line_model = ContractLineItem
    serializer_class = ContractLineItemSerializer
    save_service = staticmethod(services.save_contract_line)
    remove_service = staticmethod(services.remove_contract_line)
