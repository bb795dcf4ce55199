"""Orders (SPEC §6): the immutable record of a won deal, and its line snapshot.

An order is made only by ``crm.services.opportunities.generate_order``. After that only its
status moves; every other column — and every line — is refused by ``save()`` itself, so no
form, crafted POST or script can rewrite what the client agreed to. Totals are never stored:
``Order.objects.with_totals()`` annotates total, amount paid and balance due."""

from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from crm.errors import BusinessRuleError
from crm.models.base import BusinessRecord, RecordQuerySet, TimeStampedModel
from crm.models.money import TOTAL_FIELD, CRMMoneyField, coalesce_total, default_currency
from crm.models.payments import Payment, PaymentStatus

ORDER_IMMUTABLE = "An order is a record of a confirmed sale: only its status can change."
LINE_IMMUTABLE = "Order lines are a snapshot of the sale and never change."
NEVER_DELETED = "Orders and their lines are never deleted; cancel the order instead."
NUMBER_PREFIX = "ORD-"


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting Payment"
    PARTIALLY_PAID = "partially_paid", "Partially Paid"
    PAID_IN_FULL = "paid_in_full", "Paid in Full"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


# Set by the payments (recalculate_order_status), never by hand.
PAYMENT_STATES = [
    OrderStatus.AWAITING_PAYMENT,
    OrderStatus.PARTIALLY_PAID,
    OrderStatus.PAID_IN_FULL,
]
FINAL_STATES = [OrderStatus.FULFILLED, OrderStatus.CANCELLED]


def order_number(pk: int | None) -> str:
    return f"{NUMBER_PREFIX}{pk:06d}" if pk else "New order"


def parse_order_number(text: str) -> int | None:
    """``ORD-000123`` / ``ord-123`` / ``123`` -> 123; anything else -> None."""
    digits = text.strip().upper().removeprefix(NUMBER_PREFIX)
    return int(digits) if digits.isdigit() else None


def order_line_total_expression():
    return ExpressionWrapper(F("quantity") * F("price_at_purchase"), output_field=TOTAL_FIELD)


class OrderQuerySet(RecordQuerySet):
    def open(self):
        return self.exclude(status=OrderStatus.CANCELLED)

    def with_totals(self):
        """Annotate ``total`` (Σ quantity × price_at_purchase), ``amount_paid`` (Σ completed
        payments) and ``balance_due`` (total − paid; negative is a credit)."""
        lines = (
            OrderLineItem.objects.filter(order=OuterRef("pk"))
            .order_by()
            .values("order")
            .annotate(total=Sum(order_line_total_expression()))
            .values("total")
        )
        paid = (
            Payment.objects.filter(order=OuterRef("pk"), status=PaymentStatus.COMPLETED)
            .order_by()
            .values("order")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            total=coalesce_total(Subquery(lines, output_field=TOTAL_FIELD)),
            amount_paid=coalesce_total(Subquery(paid, output_field=TOTAL_FIELD)),
        ).annotate(
            balance_due=ExpressionWrapper(F("total") - F("amount_paid"), output_field=TOTAL_FIELD)
        )


def _has_no_completed_payments(order) -> bool:
    """Money received must be voided before the order can be cancelled (SPEC §6)."""
    return not order.payments.filter(status=PaymentStatus.COMPLETED).exists()


class SnapshotMixin:
    """Refuses to save changes to ``snapshot_fields`` of a stored row (and any deletion)."""

    snapshot_fields: tuple[str, ...] = ()
    snapshot_message = ORDER_IMMUTABLE

    def _refuse_snapshot_changes(self) -> None:
        if self._state.adding or self.pk is None:
            return
        stored = type(self)._base_manager.filter(pk=self.pk).values(*self.snapshot_fields).first()
        if stored is None:
            return
        changed = [
            name
            for name, value in stored.items()
            # A money field reads back as its amount; compare amounts.
            if getattr(getattr(self, name), "amount", getattr(self, name)) != value
        ]
        if changed:
            raise BusinessRuleError(self.snapshot_message)

    def clean(self):
        super().clean()
        self._refuse_snapshot_changes()

    def save(self, *args, **kwargs):
        self._refuse_snapshot_changes()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BusinessRuleError(NEVER_DELETED)


class Order(SnapshotMixin, FSMModelMixin, BusinessRecord):
    account = models.ForeignKey("crm.Account", on_delete=models.PROTECT, related_name="orders")
    opportunity = models.ForeignKey(
        "crm.Opportunity", on_delete=models.PROTECT, related_name="orders"
    )
    order_date = models.DateField("order date", default=timezone.localdate, db_index=True)
    status = FSMField(
        choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_PAYMENT,
        protected=True,
        db_index=True,
    )
    currency = models.CharField(max_length=3, default=default_currency)

    objects = OrderQuerySet.as_manager()

    snapshot_fields = ("account_id", "opportunity_id", "order_date", "currency", "owner_id")

    class Meta:
        ordering = ["-order_date", "-pk"]
        permissions = [("generate_order", "Can generate an order from a won opportunity")]
        indexes = [models.Index(fields=["owner", "status"], name="order_owner_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in OrderStatus]), name="order_status_valid"
            ),
            # Two clicks, two tabs or two servers can never make two live orders of one deal.
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=~Q(status=OrderStatus.CANCELLED),
                name="order_one_open_per_opportunity",
                violation_error_message="This opportunity already has an order.",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return order_number(self.pk)

    @property
    def closed_to_new_rows(self) -> bool:
        """Cancelled and fulfilled orders take no new children from related-list cards."""
        return self.status in FINAL_STATES

    # The paid states follow the payments (crm.services.orders.recalculate_order_status).
    @transition(field=status, source=PAYMENT_STATES, target=OrderStatus.AWAITING_PAYMENT)
    def mark_awaiting_payment(self):
        """Nothing (or nothing completed) has been paid yet."""

    @transition(field=status, source=PAYMENT_STATES, target=OrderStatus.PARTIALLY_PAID)
    def mark_partially_paid(self):
        """Some money arrived, less than the total."""

    @transition(field=status, source=PAYMENT_STATES, target=OrderStatus.PAID_IN_FULL)
    def mark_paid_in_full(self):
        """The completed payments cover the total."""

    @transition(field=status, source=PAYMENT_STATES, target=OrderStatus.FULFILLED)
    def fulfil(self):
        """Delivered; crm.services.orders.fulfil_order creates the assets."""

    @transition(
        field=status,
        source=PAYMENT_STATES,
        target=OrderStatus.CANCELLED,
        conditions=[_has_no_completed_payments],
    )
    def cancel(self):
        """Called off before any money was kept."""


class OrderLineItem(SnapshotMixin, TimeStampedModel):
    """What the client bought, at the price agreed: copied once, never changed."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="line_items")
    product = models.ForeignKey("crm.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2)
    price_at_purchase = CRMMoneyField("price at purchase", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    snapshot_fields = (
        "order_id",
        "product_id",
        "quantity",
        "price_at_purchase",
        "price_at_purchase_currency",
    )
    snapshot_message = LINE_IMMUTABLE

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(price_at_purchase__gte=0), name="order_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.product} × {self.quantity.normalize():f}" if self.product_id else "order line"
        )

    @property
    def total(self):
        return self.price_at_purchase * self.quantity
