"""Orders: the immutable record of a won deal (made by ``generate_order``). Read-only but
for two status actions (fulfil, cancel — admins) and logging a payment (admins). Total, amount
paid and balance due are annotated in the list query (``order_list``), never per row."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.kit.records import (
    MoneyField,
    OwnedFilterSet,
    ReadRecordViewSet,
    RecordSerializer,
    TotalField,
    record_action,
    record_fields,
)
from api.kit.versions import with_etag
from api.resources.billing_fields import NUMBER_SEARCH_BACKENDS
from api.resources.payments import (
    ADD_PAYMENT,
    NewPaymentSerializer,
    PaymentSerializer,
    TakesPayments,
)
from crm.models.orders import Order, OrderLineItem, OrderStatus, parse_order_number
from crm.models.payments import Payment
from crm.selectors.orders import order_list
from crm.services.orders import cancel_order, fulfil_order


class OrderLineSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    price_at_purchase = MoneyField(read_only=True)
    total = MoneyField(read_only=True)

    class Meta:
        model = OrderLineItem
        fields = ("id", "product", "product_name", "quantity", "price_at_purchase", "total")
        read_only_fields = fields


class OrderPaymentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True)
    amount = MoneyField(read_only=True)

    class Meta:
        model = Payment
        fields = (
            "id",
            "number",
            "amount",
            "payment_date",
            "payment_method",
            "status",
            "transaction_id",
        )
        read_only_fields = fields


class OrderSerializer(RecordSerializer):
    number = serializers.CharField(read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    total = TotalField("total", help_text="Σ quantity × price at purchase.")
    amount_paid = TotalField("amount_paid", help_text="Σ completed payments.")
    balance_due = TotalField("balance_due", help_text="Total − paid (negative: a credit).")

    class Meta(RecordSerializer.Meta):
        model = Order
        fields = record_fields(
            "number",
            "account",
            "account_name",
            "opportunity",
            "order_date",
            "status",
            "currency",
            "total",
            "amount_paid",
            "balance_due",
        )
        read_only_fields = fields


class OrderDetailSerializer(OrderSerializer):
    line_items = OrderLineSerializer(many=True, read_only=True)
    payments = OrderPaymentSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = (*OrderSerializer.Meta.fields, "line_items", "payments")
        read_only_fields = fields


class OrderReceiptSerializer(serializers.ModelSerializer):
    """The order after a payment: its new status and balance."""

    number = serializers.CharField(read_only=True)
    total = TotalField("total")
    amount_paid = TotalField("amount_paid")
    balance_due = TotalField("balance_due")

    class Meta:
        model = Order
        fields = ("id", "number", "version", "status", "total", "amount_paid", "balance_due")
        read_only_fields = fields


class OrderPaymentReceiptSerializer(PaymentSerializer):
    order_after = OrderReceiptSerializer(
        source="api_order", read_only=True, help_text="The order with this payment counted."
    )

    class Meta(PaymentSerializer.Meta):
        fields = (*PaymentSerializer.Meta.fields, "order_after")


class OrderFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    account = django_filters.NumberFilter(field_name="account_id")
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    ordered_after = django_filters.DateFilter(field_name="order_date", lookup_expr="gte")
    ordered_before = django_filters.DateFilter(field_name="order_date", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ("status", "account", "opportunity")


class OrderViewSet(TakesPayments, ReadRecordViewSet):
    """Confirmed sales, read-only: lines are a snapshot and the paid states follow the
    payments. Admins fulfil or cancel an order and log payments against it. ``search``
    matches the number (``ORD-000012``) or the account's name."""

    queryset = order_list().select_related("opportunity")
    serializer_class = OrderSerializer
    detail_serializer_class = OrderDetailSerializer
    filterset_class = OrderFilter
    filter_backends = NUMBER_SEARCH_BACKENDS
    search_fields = ("account__name",)
    # The annotated money too, as the admin list sorts them ("largest balance due first").
    ordering_fields = (
        "id",
        "order_date",
        "total",
        "amount_paid",
        "balance_due",
        "created_at",
        "updated_at",
    )
    parse_number = staticmethod(parse_order_number)
    payment_parent = "order"
    line_model = OrderLineItem

    @record_action("fulfil", summary="Mark the order delivered (creates one asset per line)")
    def fulfil(self, record, *, user, version):
        return fulfil_order(record, user=user, version=version)

    @record_action("cancel", summary="Cancel an order nobody has paid for")
    def cancel(self, record, *, user, version):
        return cancel_order(record, user=user, version=version)

    @extend_schema(
        request=NewPaymentSerializer,
        responses={201: OrderPaymentReceiptSerializer},
        summary="Log a payment against the order (admins)",
    )
    @action(detail=True, methods=["post"], url_path="payments")
    def payments(self, request, pk=None):
        """The order is locked while the payment is written and its paid state recalculated,
        so concurrent payments add up exactly. No If-Match needed: a payment adds, it never
        overwrites."""
        order = self.get_object()
        payment = self.log_payment(request, order)
        payment.api_order = self.get_queryset().get(pk=order.pk)
        serializer = OrderPaymentReceiptSerializer(payment, context=self.get_serializer_context())
        return with_etag(Response(serializer.data, status=status.HTTP_201_CREATED), payment)

    payments.permissions = (ADD_PAYMENT,)
