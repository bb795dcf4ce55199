"""Payments (SPEC §6): money received against an order or a retainer contract.

Never deleted: a wrong payment is voided, and void is terminal. The database itself refuses a
non-positive amount, half a service period or a period that ends before it starts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.money import CRMMoneyField, validate_currency

NUMBER_PREFIX = "PAY-"
AMOUNT_POSITIVE = "The amount must be greater than 0."
PERIOD_BOTH = "Enter both the start and the end of the service period, or neither."
PERIOD_ORDER = "The service period cannot end before it starts."
CURRENCY_MISMATCH = "The payment must be in {currency}, the {parent}'s currency."
ONE_PARENT = "A payment must belong to exactly one order or contract."


class PaymentMethod(models.TextChoices):
    STRIPE = "stripe", "Stripe"
    PAYPAL = "paypal", "PayPal"
    CASH = "cash", "Cash"
    BANK_TRANSFER = "bank_transfer", "Bank Transfer"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    VOID = "void", "Void"


# The states a user picks when logging or editing; Void only through void_payment.
LIVE_STATES = [PaymentStatus.PENDING, PaymentStatus.COMPLETED, PaymentStatus.FAILED]


class PaymentQuerySet(RecordQuerySet):
    def completed(self):
        return self.filter(status=PaymentStatus.COMPLETED)


class Payment(FSMModelMixin, BusinessRecord):
    # Exactly one of the two is set (constraint below).
    order = models.ForeignKey(
        "crm.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    contract = models.ForeignKey(
        "crm.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    # The invoice this payment settles (issue #26), of the same order or contract.
    invoice = models.ForeignKey(
        "crm.Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    amount = CRMMoneyField(max_digits=12, decimal_places=2)
    payment_date = models.DateField("payment date", default=timezone.localdate, db_index=True)
    payment_method = models.CharField("payment method", max_length=20, choices=PaymentMethod)
    status = FSMField(
        choices=PaymentStatus.choices,
        default=PaymentStatus.COMPLETED,
        protected=True,
        db_index=True,
    )
    transaction_id = models.CharField("transaction ID", max_length=255, blank=True)
    notes = models.TextField(blank=True)
    service_period_start = models.DateField("service period start", null=True, blank=True)
    service_period_end = models.DateField("service period end", null=True, blank=True)
    # Why it was voided: required by void_payment, shown on the page and in the history.
    void_reason = models.TextField("void reason", blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-payment_date", "-pk"]
        indexes = [
            models.Index(fields=["order", "status"], name="payment_order_status_idx"),
            models.Index(fields=["contract", "status"], name="payment_contract_status_idx"),
            models.Index(
                fields=["service_period_start", "status"], name="payment_period_status_idx"
            ),
            models.Index(fields=["invoice", "status"], name="payment_invoice_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=AMOUNT_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(service_period_start__isnull=True, service_period_end__isnull=True)
                | Q(service_period_start__isnull=False, service_period_end__isnull=False),
                name="payment_period_both_or_neither",
                violation_error_message=PERIOD_BOTH,
            ),
            models.CheckConstraint(
                condition=Q(service_period_end__isnull=True)
                | Q(service_period_end__gte=models.F("service_period_start")),
                name="payment_period_ends_after_start",
                violation_error_message=PERIOD_ORDER,
            ),
            models.CheckConstraint(
                condition=Q(order__isnull=False, contract__isnull=True)
                | Q(order__isnull=True, contract__isnull=False),
                name="payment_one_parent",
                violation_error_message=ONE_PARENT,
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PaymentStatus]),
                name="payment_status_valid",
            ),
            # Only a void payment has a void reason (older void payments may have none).
            models.CheckConstraint(
                condition=Q(status=PaymentStatus.VOID) | Q(void_reason=""),
                name="payment_void_reason_only_when_void",
            ),
        ]

    def __str__(self) -> str:
        return f"{NUMBER_PREFIX}{self.pk:06d}" if self.pk else "New payment"

    @property
    def is_void(self) -> bool:
        return self.status == PaymentStatus.VOID

    @property
    def parent(self):
        """The order or the contract this payment is for."""
        if self.order_id is not None:
            return self.order
        return self.contract if self.contract_id is not None else None

    @property
    def account(self):
        parent = self.parent
        return parent.account if parent is not None else None

    @property
    def has_service_period(self) -> bool:
        return self.service_period_start is not None

    def clean(self):
        super().clean()
        validate_currency(self.amount, field="amount")
        parent = self.parent
        if parent is not None and self.amount is not None:
            currency = parent.currency
            if self.amount.currency.code != currency:
                message = CURRENCY_MISMATCH.format(
                    currency=currency, parent=parent._meta.verbose_name
                )
                raise ValidationError({"amount": message})

    @transition(
        field=status,
        source=[PaymentStatus.COMPLETED, PaymentStatus.FAILED],
        target=PaymentStatus.PENDING,
    )
    def mark_pending(self):
        """Awaiting confirmation from the bank or processor."""

    @transition(
        field=status,
        source=[PaymentStatus.PENDING, PaymentStatus.FAILED],
        target=PaymentStatus.COMPLETED,
    )
    def mark_completed(self):
        """The money arrived; it now counts towards the order's amount paid."""

    @transition(
        field=status,
        source=[PaymentStatus.PENDING, PaymentStatus.COMPLETED],
        target=PaymentStatus.FAILED,
    )
    def mark_failed(self):
        """The processor refused or the transfer bounced."""

    @transition(field=status, source=LIVE_STATES, target=PaymentStatus.VOID)
    def void(self, reason: str = ""):
        """Entered in error; kept for the audit trail, never counted, never revived."""
        self.void_reason = reason
