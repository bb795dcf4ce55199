"""Retainer contracts (SPEC §6): the agreement behind recurring payments.

A contract runs from ``start_date`` for ``term_months``; ``end_date`` is stored but always
recomputed (start + term − 1 day) until the contract is terminated, which ends it today.
Service periods are calendar-aligned: a monthly cycle covers one calendar month, a quarterly
one three months counted from the start month, an annual one twelve. The cycle amount is
never stored: ``Contract.objects.with_cycle_amount()`` annotates Σ quantity × price per cycle.
"""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from crm.errors import BusinessRuleError
from crm.models.accounts import INACTIVE_LINK, newly_linked_inactive
from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.money import (
    TOTAL_FIELD,
    CRMMoneyField,
    coalesce_total,
    default_currency,
    validate_currency_code,
)
from crm.models.priced_lines import PricedLine, priced_line_constraints

NUMBER_PREFIX = "CTR-"
MAX_TERM_MONTHS = 120
TERM_RANGE = f"The term must be between 1 and {MAX_TERM_MONTHS} months."
TERM_CYCLE = "A {cycle} contract's term must be a whole number of {months}-month cycles."
LINES_LOCKED = "Contract lines can only be changed while the contract is a draft."
NEVER_DELETED = "Contracts are never deleted; terminate the contract instead."


class BillingCycle(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"


CYCLE_MONTHS = {BillingCycle.MONTHLY: 1, BillingCycle.QUARTERLY: 3, BillingCycle.ANNUALLY: 12}


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVATED = "activated", "Activated"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


# Contracts that expect money (up to their end date); drafts expect nothing yet.
BILLED_STATES = [ContractStatus.ACTIVATED, ContractStatus.EXPIRED, ContractStatus.TERMINATED]


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def contract_end(start: date, term_months: int) -> date:
    """Start + term − 1 day: a 12-month contract from 2026-03-01 ends on 2027-02-28."""
    return add_months(start, term_months) - timedelta(days=1)


def cycle_count(term_months: int, step: int) -> int:
    """How many cycles a term holds (a partial last cycle counts)."""
    return -(-term_months // step)


def month_start(day: date) -> date:
    return day.replace(day=1)


def contract_number(pk: int | None) -> str:
    return f"{NUMBER_PREFIX}{pk:06d}" if pk else "New contract"


def parse_contract_number(text: str) -> int | None:
    digits = text.strip().upper().removeprefix(NUMBER_PREFIX)
    return int(digits) if digits.isdigit() and 0 < len(digits) <= 12 else None


def contract_line_total_expression():
    return ExpressionWrapper(F("quantity") * F("price_per_cycle"), output_field=TOTAL_FIELD)


class ContractQuerySet(RecordQuerySet):
    def with_cycle_amount(self):
        """Annotate ``cycle_amount`` = Σ quantity × price per cycle of the lines."""
        lines = (
            ContractLineItem.objects.filter(contract=OuterRef("pk"))
            .order_by()
            .values("contract")
            .annotate(total=Sum(contract_line_total_expression()))
            .values("total")
        )
        return self.annotate(cycle_amount=coalesce_total(Subquery(lines, output_field=TOTAL_FIELD)))


def _has_passed_end(contract) -> bool:
    return contract.end_date < timezone.localdate()


class Contract(FSMModelMixin, BusinessRecord):
    account = models.ForeignKey("crm.Account", on_delete=models.PROTECT, related_name="contracts")
    opportunity = models.ForeignKey(
        "crm.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    start_date = models.DateField("start date", db_index=True)
    term_months = models.PositiveSmallIntegerField("term (months)", default=12)
    end_date = models.DateField("end date", editable=False, db_index=True)
    billing_cycle = models.CharField(
        "billing cycle", max_length=10, choices=BillingCycle, default=BillingCycle.MONTHLY
    )
    status = FSMField(
        choices=ContractStatus.choices,
        default=ContractStatus.DRAFT,
        protected=True,
        db_index=True,
    )
    currency = models.CharField(max_length=3, default=default_currency)
    description = models.TextField(blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        permissions = [("generate_contract", "Can generate a contract from a won opportunity")]
        indexes = [models.Index(fields=["status", "end_date"], name="contract_status_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ContractStatus]),
                name="contract_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(billing_cycle__in=[c.value for c in BillingCycle]),
                name="contract_cycle_valid",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1, term_months__lte=MAX_TERM_MONTHS),
                name="contract_term_range",
                violation_error_message=TERM_RANGE,
            ),
            # A contract terminated before it started ends before its start date.
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")) | Q(status=ContractStatus.TERMINATED),
                name="contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return contract_number(self.pk)

    @property
    def cycle_months(self) -> int:
        return CYCLE_MONTHS[BillingCycle(self.billing_cycle)]

    @property
    def lines_locked(self) -> bool:
        """Lines change only while the contract is a draft; once activated they are billed."""
        return self.status != ContractStatus.DRAFT

    @property
    def closed_to_new_rows(self) -> bool:
        """The related-list cards offer "New" only on a draft (crm.admin.kit.related)."""
        return self.lines_locked

    def computed_end_date(self) -> date | None:
        if self.start_date is None or not self.term_months:
            return None
        return contract_end(self.start_date, self.term_months)

    def cycle_periods(self):
        """Every service period of the contract as (start, end): term ÷ cycle periods,
        calendar-aligned from the start month, none starting after the end date (a terminated
        contract bills nothing after it ended)."""
        step = self.cycle_months
        first = month_start(self.start_date)
        for index in range(cycle_count(self.term_months, step)):
            start = add_months(first, index * step)
            if start > self.end_date:
                return
            yield start, add_months(start, step) - timedelta(days=1)

    def clean(self):
        super().clean()
        if self.status != ContractStatus.TERMINATED and self.computed_end_date() is not None:
            self.end_date = self.computed_end_date()
        validate_currency_code(self.currency, field="currency")
        if self.account_id and (inactive := newly_linked_inactive(self, "account")):
            raise ValidationError(
                {"account": INACTIVE_LINK.format(label="Account", record=inactive)}
            )
        if self.term_months is not None and not 1 <= self.term_months <= MAX_TERM_MONTHS:
            raise ValidationError({"term_months": TERM_RANGE})
        if self.billing_cycle in CYCLE_MONTHS and self.term_months:
            step = CYCLE_MONTHS[self.billing_cycle]
            if self.term_months % step:
                cycle = BillingCycle(self.billing_cycle).label.lower()
                message = TERM_CYCLE.format(cycle=cycle, months=step)
                raise ValidationError({"term_months": message})

    def save(self, *args, **kwargs):
        if self.status != ContractStatus.TERMINATED:
            computed = self.computed_end_date()
            if computed is not None:
                self.end_date = computed
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BusinessRuleError(NEVER_DELETED)

    @transition(field=status, source=ContractStatus.DRAFT, target=ContractStatus.ACTIVATED)
    def activate(self):
        """Signed: the contract now expects a payment every cycle."""

    @transition(field=status, source=ContractStatus.ACTIVATED, target=ContractStatus.TERMINATED)
    def terminate(self):
        """Ended early: it expects nothing after today."""
        self.end_date = timezone.localdate()

    @transition(
        field=status,
        source=ContractStatus.ACTIVATED,
        target=ContractStatus.EXPIRED,
        conditions=[_has_passed_end],
    )
    def expire(self):
        """The term ran out (``manage.py expire_contracts``)."""


class ContractLineItem(PricedLine):
    """A service billed every cycle: quantity × price per cycle."""

    parent_field = "contract"
    price_field = "price_per_cycle"
    parent_noun = "a contract"
    line_noun = "contract line"
    lines_locked_message = LINES_LOCKED
    list_price_when_blank = False  # a retainer's price per cycle is always typed

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="line_items")
    price_per_cycle = CRMMoneyField("price per cycle", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = priced_line_constraints(
            "contract_line", price_field="price_per_cycle", price_label="price per cycle"
        )
