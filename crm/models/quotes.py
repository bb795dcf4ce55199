"""Quotes (SPEC §6): the priced offer made from an opportunity, its own copy of the deal's
lines, and a status path draft → presented → accepted / denied.

The total is never stored: ``Quote.objects.with_total()`` annotates Σ quantity × sale_price.
Lines change only while the quote is a draft; an accepted or denied quote is read-only, and
the database keeps at most one accepted quote per opportunity."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from crm.models.base import BusinessRecord
from crm.models.money import TOTAL_FIELD, CRMMoneyField, coalesce_total, default_currency
from crm.models.opportunity_lines import line_total_expression
from crm.models.priced_lines import PricedLine, priced_line_constraints

NUMBER_PREFIX = "Q-"
QUOTE_READ_ONLY = "'{record}' is {status} and can no longer be changed."
QUOTE_LINES_LOCKED = "Quote lines can only be changed while the quote is a draft."
CONTACT_OTHER_ACCOUNT = "'{contact}' does not belong to {account}; choose one of its contacts."
ACCOUNT_FROM_OPPORTUNITY = "A quote's account is always its opportunity's account."
OPPORTUNITY_CHANGED = "A quote stays with the opportunity it was made from."


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PRESENTED = "presented", "Presented"
    ACCEPTED = "accepted", "Accepted"
    DENIED = "denied", "Denied"


FINAL_STATUSES = (QuoteStatus.ACCEPTED, QuoteStatus.DENIED)


def format_number(pk: int | None) -> str:
    return f"{NUMBER_PREFIX}{pk:06d}" if pk else ""


def parse_number(text: str) -> int | None:
    """``Q-000042`` / ``q-42`` / ``42`` → 42 (None when it is not a quote number)."""
    value = text.strip().upper().removeprefix(NUMBER_PREFIX)
    return int(value) if value.isdigit() and 0 < len(value) <= 12 else None


class QuoteQuerySet(models.QuerySet):
    def with_total(self):
        """Annotate ``total`` (Σ quantity × sale_price of the quote's lines, 0 when none)."""
        lines = (
            QuoteLineItem.objects.filter(quote=OuterRef("pk"))
            .order_by()
            .values("quote")
            .annotate(total=Sum(line_total_expression()))
            .values("total")
        )
        return self.annotate(total=coalesce_total(Subquery(lines, output_field=TOTAL_FIELD)))


def _has_lines(quote) -> bool:
    return quote.line_items.exists()


class Quote(FSMModelMixin, BusinessRecord):
    name = models.CharField("quote name", max_length=255)
    opportunity = models.ForeignKey(
        "crm.Opportunity", on_delete=models.PROTECT, related_name="quotes"
    )
    # Always the opportunity's account: set by crm.services.quotes.create_quote.
    account = models.ForeignKey(
        "crm.Account", on_delete=models.PROTECT, related_name="quotes", editable=False
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name="bill-to contact",
    )
    status = FSMField(
        choices=QuoteStatus.choices, default=QuoteStatus.DRAFT, protected=True, db_index=True
    )
    expiration_date = models.DateField("expiration date", null=True, blank=True)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default=default_currency, editable=False)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["name"], name="quote_name_idx"),
            models.Index(fields=["owner", "status"], name="quote_owner_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in QuoteStatus]), name="quote_status_valid"
            ),
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=Q(status=QuoteStatus.ACCEPTED),
                name="quote_one_accepted_per_opportunity",
                violation_error_message="This opportunity already has an accepted quote.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}" if self.pk else self.name

    @property
    def number(self) -> str:
        return format_number(self.pk)

    @property
    def is_draft(self) -> bool:
        return self.status == QuoteStatus.DRAFT

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def lines_locked(self) -> bool:
        """Lines are added, edited and removed only while the quote is a draft."""
        return not self.is_draft

    @property
    def closed_to_new_rows(self) -> bool:
        """The related-list cards offer "New" only on a draft (crm.admin.kit.related)."""
        return self.lines_locked

    def clean(self):
        super().clean()
        stored = None
        if self.pk:
            stored = type(self)._base_manager.filter(pk=self.pk).values("status", "opportunity_id")
            stored = stored.first()
        if stored and stored["status"] in FINAL_STATUSES:
            label = QuoteStatus(stored["status"]).label.lower()
            raise ValidationError(QUOTE_READ_ONLY.format(record=self, status=label))
        if stored and stored["opportunity_id"] != self.opportunity_id:
            raise ValidationError({"opportunity": OPPORTUNITY_CHANGED})
        try:
            opportunity = self.opportunity
        except ObjectDoesNotExist:
            return
        if self.account_id is not None and self.account_id != opportunity.account_id:
            raise ValidationError(ACCOUNT_FROM_OPPORTUNITY)
        if self.contact_id is not None and self.contact.account_id != opportunity.account_id:
            raise ValidationError(
                {
                    "contact": CONTACT_OTHER_ACCOUNT.format(
                        contact=self.contact, account=opportunity.account
                    )
                }
            )

    @transition(
        field=status,
        source=QuoteStatus.DRAFT,
        target=QuoteStatus.PRESENTED,
        conditions=[_has_lines],
    )
    def present(self):
        """Sent to the customer; its lines are frozen from now on."""

    @transition(field=status, source=QuoteStatus.PRESENTED, target=QuoteStatus.ACCEPTED)
    def accept(self):
        """The customer said yes (crm.services.quotes.accept_quote does the rest)."""

    @transition(field=status, source=QuoteStatus.PRESENTED, target=QuoteStatus.DENIED)
    def deny(self):
        """The customer said no."""


class QuoteLineItem(PricedLine):
    parent_field = "quote"
    parent_noun = "a quote"
    line_noun = "quote line"
    lines_locked_message = QUOTE_LINES_LOCKED

    quote = models.ForeignKey("crm.Quote", on_delete=models.PROTECT, related_name="line_items")
    sale_price = CRMMoneyField("sale price", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = priced_line_constraints(
            "quote_line", price_field="sale_price", price_label="sale price"
        )
