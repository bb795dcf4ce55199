"""Invoices (issue #26): what the agency asks a client to pay, for an order or for one service
period of a retainer contract, with its lines copied once.

An invoice is made only by ``crm.services.invoices`` (``issue_order_invoice``,
``issue_period_invoice`` and the billing run). Its paid states follow the completed payments
that name it (``settle_invoice``); Void is terminal. The database refuses a second live
invoice for one contract period, a negative total, two parents or none, and a due date
before the issue date. Amounts paid are never stored: ``Invoice.objects.with_amounts()``
annotates ``amount_paid`` and ``balance_due``."""

from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from crm.errors import BusinessRuleError
from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.money import TOTAL_FIELD, CRMMoneyField, coalesce_total, default_currency
from crm.models.payments import Payment, PaymentStatus

NUMBER_PREFIX = "INV-"
ONE_PARENT = "An invoice must belong to exactly one order or contract."
PERIOD_BOTH = "Enter both the start and the end of the service period, or neither."
PERIOD_ORDER = "The service period cannot end before it starts."
PERIOD_ONLY_CONTRACT = "Only a contract's invoice has a service period."
TOTAL_NOT_NEGATIVE = "An invoice's total cannot be negative."
TOTAL_CURRENCY = "The total must be in the invoice's currency."
DUE_AFTER_ISSUE = "The due date cannot be before the issue date."
ONE_PER_PERIOD = "This contract period already has an invoice; void it before issuing another."
NEVER_DELETED = "Invoices and their lines are never deleted; void the invoice instead."


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PARTIALLY_PAID = "partially_paid", "Partially Paid"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


# Set by the payments (crm.services.invoices.settle_invoice), never by hand.
SETTLED_STATES = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID]
# Issued and not settled: what a client still owes (reminders go out for these).
OPEN_STATES = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID]


def invoice_number(pk: int | None) -> str:
    return f"{NUMBER_PREFIX}{pk:06d}" if pk else "New invoice"


def parse_invoice_number(text: str) -> int | None:
    """``INV-000123`` / ``inv-123`` / ``123`` -> 123; anything else -> None."""
    digits = text.strip().upper().removeprefix(NUMBER_PREFIX)
    return int(digits) if digits.isdigit() and 0 < len(digits) <= 12 else None


class InvoiceQuerySet(RecordQuerySet):
    def live(self):
        return self.exclude(status=InvoiceStatus.VOID)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def with_amounts(self):
        """Annotate ``amount_paid`` (Σ completed payments naming the invoice) and
        ``balance_due`` (total − paid; negative is a credit)."""
        paid = (
            Payment.objects.filter(invoice=OuterRef("pk"), status=PaymentStatus.COMPLETED)
            .order_by()
            .values("invoice")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            amount_paid=coalesce_total(Subquery(paid, output_field=TOTAL_FIELD))
        ).annotate(
            balance_due=ExpressionWrapper(F("total") - F("amount_paid"), output_field=TOTAL_FIELD)
        )


def _has_no_completed_payments(invoice) -> bool:
    """Money received against an invoice must be voided (or moved) before it is voided."""
    return not invoice.payments.filter(status=PaymentStatus.COMPLETED).exists()


class Invoice(FSMModelMixin, BusinessRecord):
    account = models.ForeignKey("crm.Account", on_delete=models.PROTECT, related_name="invoices")
    # Exactly one of the two is set (constraint below).
    order = models.ForeignKey(
        "crm.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="invoices"
    )
    contract = models.ForeignKey(
        "crm.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="invoices"
    )
    service_period_start = models.DateField("service period start", null=True, blank=True)
    service_period_end = models.DateField("service period end", null=True, blank=True)
    issue_date = models.DateField("issue date", default=timezone.localdate, db_index=True)
    due_date = models.DateField("due date", db_index=True)
    currency = models.CharField(max_length=3, default=default_currency)
    total = CRMMoneyField(max_digits=12, decimal_places=2)
    status = FSMField(
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.DRAFT,
        protected=True,
        db_index=True,
    )
    # Why it was voided: required by void_invoice, shown on the page and in the history.
    void_reason = models.TextField("void reason", blank=True)
    notes = models.TextField(blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-pk"]
        permissions = [("send_invoice", "Can send an invoice or a payment reminder")]
        indexes = [
            models.Index(fields=["status", "due_date"], name="invoice_status_due_idx"),
            models.Index(fields=["order", "status"], name="invoice_order_status_idx"),
            models.Index(fields=["contract", "status"], name="invoice_contract_status_idx"),
            models.Index(fields=["account", "status"], name="invoice_account_status_idx"),
            # The list's Unpaid and Overdue views, newest first: the unpaid invoices alone
            # (most of a year's invoices are paid; walking them all by date read 2,700 rows).
            models.Index(
                fields=["issue_date", "id"],
                name="invoice_unpaid_by_date_idx",
                condition=models.Q(status__in=OPEN_STATES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=False, contract__isnull=True)
                | Q(order__isnull=True, contract__isnull=False),
                name="invoice_one_parent",
                violation_error_message=ONE_PARENT,
            ),
            models.CheckConstraint(
                condition=Q(service_period_start__isnull=True, service_period_end__isnull=True)
                | Q(service_period_start__isnull=False, service_period_end__isnull=False),
                name="invoice_period_both_or_neither",
                violation_error_message=PERIOD_BOTH,
            ),
            models.CheckConstraint(
                condition=Q(service_period_end__isnull=True)
                | Q(service_period_end__gte=F("service_period_start")),
                name="invoice_period_ends_after_start",
                violation_error_message=PERIOD_ORDER,
            ),
            models.CheckConstraint(
                condition=Q(service_period_start__isnull=True) | Q(contract__isnull=False),
                name="invoice_period_only_with_contract",
                violation_error_message=PERIOD_ONLY_CONTRACT,
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="invoice_total_not_negative",
                violation_error_message=TOTAL_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(total_currency=F("currency")),
                name="invoice_total_in_currency",
                violation_error_message=TOTAL_CURRENCY,
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("issue_date")),
                name="invoice_due_after_issue",
                violation_error_message=DUE_AFTER_ISSUE,
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvoiceStatus]),
                name="invoice_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=InvoiceStatus.VOID) | Q(void_reason=""),
                name="invoice_void_reason_only_when_void",
            ),
            # Two billing runs, two clicks or two servers never bill one period twice.
            models.UniqueConstraint(
                fields=["contract", "service_period_start"],
                condition=~Q(status=InvoiceStatus.VOID),
                name="invoice_one_live_per_period",
                violation_error_message=ONE_PER_PERIOD,
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return invoice_number(self.pk)

    @property
    def parent(self):
        """The order or the contract this invoice bills."""
        if self.order_id is not None:
            return self.order
        return self.contract if self.contract_id is not None else None

    @property
    def has_service_period(self) -> bool:
        return self.service_period_start is not None

    @property
    def is_void(self) -> bool:
        return self.status == InvoiceStatus.VOID

    @property
    def lines_locked(self) -> bool:
        return self.status != InvoiceStatus.DRAFT

    @property
    def closed_to_new_rows(self) -> bool:
        """Related-list cards offer "New" line only on a draft (crm.admin.kit.related)."""
        return self.lines_locked

    def is_overdue(self, today) -> bool:
        return self.status in OPEN_STATES and self.due_date < today

    def delete(self, *args, **kwargs):
        raise BusinessRuleError(NEVER_DELETED)

    @transition(field=status, source=InvoiceStatus.DRAFT, target=InvoiceStatus.ISSUED)
    def issue(self):
        """Final: its lines and total no longer change; it is owed from now on."""

    # The paid states follow the payments (crm.services.invoices.settle_invoice).
    @transition(field=status, source=SETTLED_STATES, target=InvoiceStatus.ISSUED)
    def mark_issued(self):
        """Nothing (or nothing completed) has been paid against it."""

    @transition(field=status, source=SETTLED_STATES, target=InvoiceStatus.PARTIALLY_PAID)
    def mark_partially_paid(self):
        """Some money arrived, less than the total."""

    @transition(field=status, source=SETTLED_STATES, target=InvoiceStatus.PAID)
    def mark_paid(self):
        """The completed payments cover the total."""

    @transition(
        field=status,
        source=[InvoiceStatus.DRAFT, *OPEN_STATES],
        target=InvoiceStatus.VOID,
        conditions=[_has_no_completed_payments],
    )
    def void(self, reason: str = ""):
        """Issued in error; kept for the audit trail, never owed, never revived."""
        self.void_reason = reason
