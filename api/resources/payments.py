"""Payments: money received against an order or a retainer contract. Admins log them (on
``orders/{id}/payments/`` or ``contracts/{id}/payments/``), edit and void them; sales users
read. Every write goes through crm.services.payments, which locks the parent first and keeps
the order's paid state in step."""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from api.kit.records import (
    MoneyField,
    OwnedFilterSet,
    ReadRecordViewSet,
    RecordSerializer,
    RecordViewSet,
    record_action,
    record_fields,
)
from api.kit.strict import StrictInput
from api.kit.versions import MAX_VERSION
from crm.models.payments import LIVE_STATES, Payment, PaymentMethod, PaymentStatus
from crm.selectors.payments import payment_list
from crm.services import payments as services

ADD_PAYMENT = "crm.add_payment"
# The states a payment is logged or edited in (Void only through void/).
LIVE_STATE_CHOICES = [(s.value, s.label) for s in LIVE_STATES]


class PaymentSerializer(RecordSerializer):
    number = serializers.CharField(source="__str__", read_only=True)
    amount = MoneyField(help_text="In the order's or contract's currency.")
    owner = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Who logged it.")

    class Meta(RecordSerializer.Meta):
        model = Payment
        fields = record_fields(
            "number",
            "order",
            "contract",
            "amount",
            "payment_date",
            "payment_method",
            "status",
            "transaction_id",
            "notes",
            "service_period_start",
            "service_period_end",
            "void_reason",
        )
        read_only_fields = (
            *RecordSerializer.Meta.read_only_fields,
            "order",
            "contract",
            "status",
            "void_reason",
        )


class NewPaymentSerializer(StrictInput, serializers.Serializer):
    """``log_payment``'s input (the order or contract is the URL's)."""

    amount = MoneyField(help_text="In the order's or contract's currency.")
    payment_date = serializers.DateField(required=False, help_text="Defaults to today.")
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    status = serializers.ChoiceField(choices=LIVE_STATE_CHOICES, default=PaymentStatus.COMPLETED)
    transaction_id = serializers.CharField(max_length=255, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    service_period_start = serializers.DateField(required=False, allow_null=True)
    service_period_end = serializers.DateField(required=False, allow_null=True)


class TakesPayments:
    """Orders and contracts: ``POST {id}/payments/`` logs a payment through the service, which
    locks the parent while it writes. A payment adds and never overwrites, so that action
    needs no If-Match (documented so); their detail nests lines and payments."""

    payment_parent = ""  # "order" or "contract": the service's keyword
    line_model = None  # the parent's line rows, nested in its detail

    @property
    def versioned(self) -> bool:
        return getattr(self, "action", None) != "payments"

    def detail_prefetches(self):
        return [
            Prefetch(
                "line_items", self.line_model.objects.select_related("product").order_by("pk")
            ),
            Prefetch("payments", Payment.objects.order_by("-payment_date", "-pk")),
        ]

    def log_payment(self, request, record) -> Payment:
        """The payment the request describes, logged against ``record``, re-read to show."""
        form = NewPaymentSerializer(data=request.data, context={"view": self})
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        data.setdefault("payment_date", timezone.localdate())
        payment = services.log_payment(user=request.user, **{self.payment_parent: record}, **data)
        return Payment.objects.select_related("owner").get(pk=payment.pk)


class PaymentFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=PaymentStatus.choices)
    method = django_filters.ChoiceFilter(field_name="payment_method", choices=PaymentMethod.choices)
    order = django_filters.NumberFilter(field_name="order_id")
    contract = django_filters.NumberFilter(field_name="contract_id")
    paid_after = django_filters.DateFilter(field_name="payment_date", lookup_expr="gte")
    paid_before = django_filters.DateFilter(field_name="payment_date", lookup_expr="lte")
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte")

    class Meta:
        model = Payment
        fields = ("status", "order", "contract")


class PaymentStatusSerializer(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_VERSION - 1)
    status = serializers.ChoiceField(choices=LIVE_STATE_CHOICES)


class VoidPaymentSerializer(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_VERSION - 1)
    reason = serializers.CharField(
        max_length=2000, help_text="Why the payment is voided (kept on the payment)."
    )


class PaymentViewSet(ReadRecordViewSet):
    """Money received. Filter by status, method, order, contract, payment date and amount;
    admins correct a payment (PATCH), move it between pending, completed and failed
    (``status/``) or void it (``void/``). Sales users read only."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = payment_list()
    serializer_class = PaymentSerializer
    state_actions = {"status": ("void", "status")}
    filterset_class = PaymentFilter
    search_fields = ("transaction_id", "order__account__name", "contract__account__name")
    ordering_fields = ("id", "payment_date", "amount", "created_at", "updated_at")

    partial_update = RecordViewSet.partial_update

    def update_record(self, record, changes: dict, *, user, version: int):
        changes.pop("owner", None)
        return services.update_payment(record, user=user, version=version, **changes)

    @record_action(
        "status",
        summary="Mark the payment pending, completed or failed",
        input=PaymentStatusSerializer,
    )
    def set_status(self, record, *, user, version, status):
        return services.update_payment(record, user=user, version=version, status=status)

    @record_action(
        "void",
        summary="Void the payment (kept on record, no longer counted)",
        input=VoidPaymentSerializer,
    )
    def void(self, record, *, user, version, reason):
        return services.void_payment(record, user=user, version=version, reason=reason)
