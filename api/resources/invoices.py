"""Invoices: what a client is asked to pay, for an order (its balance due, or a chosen amount
as a part invoice) or for one service period of a retainer contract. Issued here
(``issue/``, admins) or by the billing run, then read-only but for ``send/`` (email it with
its PDF, admins) and ``void/`` (admins, a reason required). Paid and balance due are
annotated in the list query, never per row; the detail nests the line snapshots and the
payments naming the invoice."""

import django_filters
from django.db.models import Prefetch
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
from api.kit.strict import StrictInput, refuse_unwritable
from api.kit.versions import MAX_VERSION
from api.resources.billing_fields import NUMBER_SEARCH_BACKENDS
from api.resources.orders import OrderPaymentSerializer
from crm.models.contracts import Contract
from crm.models.invoice_lines import InvoiceLine
from crm.models.invoices import Invoice, InvoiceStatus, parse_invoice_number
from crm.models.orders import Order
from crm.models.payments import Payment
from crm.selectors.invoice_lists import invoice_list
from crm.services import invoices as services

ADD_INVOICE = "%(app_label)s.add_%(model_name)s"
ONE_PARENT = "Send either an order, or a contract with the period_start of one of its periods."
PERIOD_NEEDED = "Send the period_start of the contract period to invoice."
AMOUNT_ONLY_ORDER = "Only an order's invoice takes an amount (a part invoice)."


class InvoiceLineSerializer(serializers.ModelSerializer):
    unit_price = MoneyField(read_only=True)
    total = MoneyField(read_only=True)

    class Meta:
        model = InvoiceLine
        fields = ("id", "product", "description", "quantity", "unit_price", "total")
        read_only_fields = fields


class InvoiceSerializer(RecordSerializer):
    number = serializers.CharField(read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    total = MoneyField(read_only=True)
    amount_paid = TotalField("amount_paid", help_text="Σ completed payments naming it.")
    balance_due = TotalField("balance_due", help_text="Total − paid (negative: a credit).")

    class Meta(RecordSerializer.Meta):
        model = Invoice
        fields = record_fields(
            "number",
            "account",
            "account_name",
            "order",
            "contract",
            "service_period_start",
            "service_period_end",
            "issue_date",
            "due_date",
            "status",
            "currency",
            "total",
            "amount_paid",
            "balance_due",
            "void_reason",
            "notes",
        )
        read_only_fields = fields


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)
    payments = OrderPaymentSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = (*InvoiceSerializer.Meta.fields, "lines", "payments")
        read_only_fields = fields


class IssueInvoiceSerializer(StrictInput, serializers.Serializer):
    """``issue_order_invoice`` or ``issue_period_invoice``'s input."""

    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.all(), required=False, help_text="Invoice this order."
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="An order's part invoice; default: the order's balance due.",
    )
    contract = serializers.PrimaryKeyRelatedField(
        queryset=Contract.objects.all(), required=False, help_text="Or invoice this contract…"
    )
    period_start = serializers.DateField(
        required=False, help_text="…for the service period starting on this day."
    )

    def validate(self, attrs):
        if ("order" in attrs) == ("contract" in attrs):
            raise serializers.ValidationError(ONE_PARENT)
        if "contract" in attrs and "period_start" not in attrs:
            raise serializers.ValidationError({"period_start": PERIOD_NEEDED})
        if "contract" in attrs and "amount" in attrs:
            raise serializers.ValidationError({"amount": AMOUNT_ONLY_ORDER})
        return attrs


class VoidInvoiceSerializer(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_VERSION - 1)
    reason = serializers.CharField(
        max_length=2000, help_text="Why the invoice is voided (kept on the invoice)."
    )


class SendInvoiceSerializer(StrictInput, serializers.Serializer):
    """``send_invoice``'s input: each part defaults to the built-in one."""

    to = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        help_text="Default: the account's billing contact.",
    )
    subject = serializers.CharField(required=False, max_length=255, help_text="One line.")
    body = serializers.CharField(required=False, help_text="Plain text; the PDF is attached.")


class QueuedEmailSerializer(serializers.Serializer):
    """The email as queued in the outbox (the worker sends it)."""

    id = serializers.IntegerField(read_only=True)
    to = serializers.ListField(source="to_list", child=serializers.EmailField(), read_only=True)
    subject = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class InvoiceFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=InvoiceStatus.choices)
    account = django_filters.NumberFilter(field_name="account_id")
    order = django_filters.NumberFilter(field_name="order_id")
    contract = django_filters.NumberFilter(field_name="contract_id")
    issued_after = django_filters.DateFilter(field_name="issue_date", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issue_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields = ("status", "account", "order", "contract")


class InvoiceViewSet(ReadRecordViewSet):
    """Invoices, read-only once issued: lines are a snapshot and the paid states follow the
    payments naming the invoice. Admins issue one (``issue/``: an order, or a contract and
    the start of one of its periods) and void one (``void/``, with a reason). ``search``
    matches the number (``INV-000012``) or the account's name."""

    queryset = invoice_list()
    serializer_class = InvoiceSerializer
    detail_serializer_class = InvoiceDetailSerializer
    detail_actions = ("retrieve", "issue")
    filterset_class = InvoiceFilter
    filter_backends = NUMBER_SEARCH_BACKENDS
    search_fields = ("account__name",)
    ordering_fields = (
        "id",
        "issue_date",
        "due_date",
        "total",
        "amount_paid",
        "balance_due",
        "created_at",
        "updated_at",
    )
    parse_number = staticmethod(parse_invoice_number)

    @property
    def versioned(self) -> bool:
        return getattr(self, "action", None) not in ("issue", "send")

    def detail_prefetches(self):
        return [
            Prefetch("lines", InvoiceLine.objects.order_by("pk")),
            Prefetch("payments", Payment.objects.order_by("-payment_date", "-pk")),
        ]

    @extend_schema(
        request=IssueInvoiceSerializer,
        responses={201: InvoiceDetailSerializer},
        summary="Issue an invoice for an order or a contract period (admins)",
    )
    @action(detail=False, methods=["post"], url_path="issue")
    def issue(self, request):
        """An order's invoice is for its balance due unless ``amount`` is given (a part
        invoice); a contract's is for the cycle amount of the period starting on
        ``period_start``, once per period (a second answers 409/400 with the reason)."""
        form = IssueInvoiceSerializer(data=request.data, context=self.get_serializer_context())
        refuse_unwritable(form, request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if "order" in data:
            invoice = services.issue_order_invoice(
                data["order"], user=request.user, amount=data.get("amount")
            )
        else:
            invoice = services.issue_period_invoice(
                data["contract"], period_start=data["period_start"], user=request.user
            )
        return self.record_response(
            invoice, status=status.HTTP_201_CREATED, serializer_class=InvoiceDetailSerializer
        )

    issue.permissions = (ADD_INVOICE,)

    @extend_schema(
        request=SendInvoiceSerializer,
        responses={202: QueuedEmailSerializer},
        summary="Email the invoice with its PDF (admins)",
    )
    @action(detail=True, methods=["post"], url_path="send")
    def send(self, request, pk=None):
        """Queues the email in the outbox (202): to the account's billing contact unless
        ``to`` is given, with the built-in subject and text unless given; a draft is issued
        first, a void invoice is refused. No If-Match needed: sending writes an email, never
        the invoice's fields."""
        invoice = self.get_object()
        form = SendInvoiceSerializer(data=request.data, context=self.get_serializer_context())
        refuse_unwritable(form, request.data)
        form.is_valid(raise_exception=True)
        email = services.send_invoice(invoice, user=request.user, **form.validated_data)
        return Response(QueuedEmailSerializer(email).data, status=status.HTTP_202_ACCEPTED)

    send.permissions = ("crm.send_invoice",)

    @record_action(
        "void",
        summary="Void the invoice (kept on record, never owed)",
        input=VoidInvoiceSerializer,
    )
    def void(self, record, *, user, version, reason):
        return services.void_invoice(record, user=user, reason=reason, version=version)
