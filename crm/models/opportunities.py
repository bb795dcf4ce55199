"""Opportunities (SPEC §6): deals with products, a stage machine and contact roles.

The amount is never stored: ``Opportunity.objects.with_amount()`` annotates Σ quantity ×
sale_price (and the expected revenue) so lists, the record page and the Kanban share one
definition and never query per row."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from crm.models.accounts import INACTIVE_LINK, newly_linked_inactive
from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.choices import LeadSource
from crm.models.money import TOTAL_FIELD, coalesce_total, default_currency, validate_currency_code
from crm.models.opportunity_lines import OpportunityLineItem, line_total_expression

CURRENCY_LOCKED = "Remove the line items first: they are priced in another currency."


class Stage(models.TextChoices):
    QUALIFYING = "qualifying", "Qualifying"
    NEEDS_ANALYSIS = "needs_analysis", "Needs Analysis"
    PROPOSAL = "proposal", "Proposal"
    NEGOTIATION = "negotiation", "Negotiation"
    CLOSED_WON = "closed_won", "Closed Won"
    CLOSED_LOST = "closed_lost", "Closed Lost"


OPEN_STAGES = [Stage.QUALIFYING, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.NEGOTIATION]
CLOSED_STAGES = [Stage.CLOSED_WON, Stage.CLOSED_LOST]
STAGE_PROBABILITY = {
    Stage.QUALIFYING: 10,
    Stage.NEEDS_ANALYSIS: 25,
    Stage.PROPOSAL: 50,
    Stage.NEGOTIATION: 75,
    Stage.CLOSED_WON: 100,
    Stage.CLOSED_LOST: 0,
}


class LossReason(models.TextChoices):
    """Why a deal was lost (the Close dialog's picklist; the loss report groups by it)."""

    PRICE = "price", "Price"
    COMPETITOR = "competitor", "Competitor"
    NO_BUDGET = "no_budget", "No budget"
    NO_DECISION = "no_decision", "No decision"
    TIMING = "timing", "Timing"
    OTHER = "other", "Other"


class ForecastCategory(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    BEST_CASE = "best_case", "Best Case"
    COMMIT = "commit", "Commit"
    CLOSED = "closed", "Closed"
    OMITTED = "omitted", "Omitted"


STAGE_FORECAST = {
    Stage.QUALIFYING: ForecastCategory.PIPELINE,
    Stage.NEEDS_ANALYSIS: ForecastCategory.PIPELINE,
    Stage.PROPOSAL: ForecastCategory.BEST_CASE,
    Stage.NEGOTIATION: ForecastCategory.COMMIT,
    Stage.CLOSED_WON: ForecastCategory.CLOSED,
    Stage.CLOSED_LOST: ForecastCategory.OMITTED,
}


class OpportunityType(models.TextChoices):
    NEW_BUSINESS = "new_business", "New Business"
    EXISTING_BUSINESS = "existing_business", "Existing Business"
    RENEWAL = "renewal", "Renewal"


class OpportunityQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def closed(self):
        return self.filter(stage__in=CLOSED_STAGES)

    def with_amount(self):
        """Annotate ``amount`` (Σ quantity × sale_price) and ``expected_revenue``."""
        lines = (
            OpportunityLineItem.objects.filter(opportunity=OuterRef("pk"))
            .order_by()
            .values("opportunity")
            .annotate(total=Sum(line_total_expression()))
            .values("total")
        )
        return self.annotate(
            amount=coalesce_total(Subquery(lines, output_field=TOTAL_FIELD))
        ).annotate(
            expected_revenue=ExpressionWrapper(
                F("amount") * F("probability") / Decimal(100), output_field=TOTAL_FIELD
            )
        )


def _all_but(stage: str) -> list[str]:
    """Open stages may move to any stage; closed ones reopen under the conditions below."""
    return [value for value in Stage.values if value != stage]


def _can_leave_closed_won(opportunity) -> bool:
    """A won deal that already produced an order or a contract stays won (SPEC §6)."""
    if opportunity.stage != Stage.CLOSED_WON:
        return True
    return not opportunity.has_fulfilment_records()


def _may_reopen(opportunity, user) -> bool:
    """Only admins may reopen a lost deal."""
    return opportunity.stage != Stage.CLOSED_LOST or getattr(user, "is_admin_role", False)


class Opportunity(FSMModelMixin, BusinessRecord):
    name = models.CharField("opportunity name", max_length=255)
    account = models.ForeignKey(
        "crm.Account", on_delete=models.PROTECT, related_name="opportunities"
    )
    stage = FSMField(choices=Stage.choices, default=Stage.QUALIFYING, protected=True, db_index=True)
    close_date = models.DateField("close date", null=True, blank=True, db_index=True)
    type = models.CharField(max_length=20, choices=OpportunityType.choices, blank=True)
    lead_source = models.CharField(max_length=20, choices=LeadSource.choices, blank=True)
    campaign = models.ForeignKey(
        "crm.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name="primary campaign source",
    )
    next_step = models.CharField("next step", max_length=255, blank=True)
    description = models.TextField(blank=True)
    probability = models.PositiveSmallIntegerField("probability (%)", default=10, editable=False)
    # Set only when the deal is Closed Lost (a constraint below); the close service requires
    # a reason for every new loss (deals lost before the picklist may have none).
    loss_reason = models.CharField(
        "loss reason", max_length=20, choices=LossReason.choices, blank=True
    )
    loss_details = models.TextField("loss details", blank=True)
    currency = models.CharField(max_length=3, default=default_currency)

    objects = OpportunityQuerySet.as_manager()

    # Set only by crm.services.leads.convert_lead: the campaign is the converted lead's own
    # (kept even if that campaign was deactivated since), not a link a user chose.
    _campaign_from_lead = False

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["close_date", "name"]
        indexes = [
            models.Index(fields=["name"], name="opportunity_name_idx"),
            models.Index(fields=["stage", "close_date"], name="opportunity_stage_close_idx"),
            models.Index(fields=["owner", "stage"], name="opportunity_owner_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__lte=100), name="opportunity_probability_max"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in Stage]), name="opportunity_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(loss_reason__in=["", *LossReason.values]),
                name="opportunity_loss_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.CLOSED_LOST) | Q(loss_reason="", loss_details=""),
                name="opportunity_loss_only_when_lost",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        validate_currency_code(self.currency, field="currency")
        errors = {}
        # A new or changed link must point at an active record; an existing link to a record
        # deactivated since then is kept (SPEC §4).
        if self.account_id is not None and (inactive := newly_linked_inactive(self, "account")):
            errors["account"] = INACTIVE_LINK.format(label="Account", record=inactive)
        if (
            self.campaign_id is not None
            and not self._campaign_from_lead
            and (inactive := newly_linked_inactive(self, "campaign"))
        ):
            errors["campaign"] = INACTIVE_LINK.format(label="Campaign", record=inactive)
        if self.pk and self.line_items.exclude(sale_price_currency=self.currency).exists():
            errors["currency"] = CURRENCY_LOCKED
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def lines_locked(self) -> bool:
        """Products and contact roles change only while the deal is open (SPEC §6)."""
        return self.is_closed

    @property
    def closed_to_new_rows(self) -> bool:
        """A closed deal's cards offer no "New" (crm.admin.kit.related)."""
        return self.is_closed

    @property
    def forecast_category(self) -> str:
        return STAGE_FORECAST[Stage(self.stage)].label

    def has_fulfilment_records(self) -> bool:
        """True once an order or contract was generated from this deal. Orders and contracts
        arrive with the billing models; until then no deal has any."""
        for relation in ("orders", "contracts"):
            manager = getattr(self, relation, None)
            if manager is not None and manager.exists():
                return True
        return False

    def _enter(self, stage: str, close_date=None) -> None:
        self.probability = STAGE_PROBABILITY[stage]
        if stage in CLOSED_STAGES:
            # The date the user closed it with (the Close dialog defaults to today), else
            # today when the deal had none (SPEC §6).
            self.close_date = close_date or self.close_date or timezone.localdate()
        if stage != Stage.CLOSED_LOST:
            self.loss_reason = ""
            self.loss_details = ""

    # One transition per target so the path and the Kanban can ask "may I move there?".

    @transition(
        field=stage,
        source=_all_but(Stage.QUALIFYING),
        target=Stage.QUALIFYING,
        conditions=[_can_leave_closed_won],
        permission=_may_reopen,
    )
    def to_qualifying(self):
        self._enter(Stage.QUALIFYING)

    @transition(
        field=stage,
        source=_all_but(Stage.NEEDS_ANALYSIS),
        target=Stage.NEEDS_ANALYSIS,
        conditions=[_can_leave_closed_won],
        permission=_may_reopen,
    )
    def to_needs_analysis(self):
        self._enter(Stage.NEEDS_ANALYSIS)

    @transition(
        field=stage,
        source=_all_but(Stage.PROPOSAL),
        target=Stage.PROPOSAL,
        conditions=[_can_leave_closed_won],
        permission=_may_reopen,
    )
    def to_proposal(self):
        self._enter(Stage.PROPOSAL)

    @transition(
        field=stage,
        source=_all_but(Stage.NEGOTIATION),
        target=Stage.NEGOTIATION,
        conditions=[_can_leave_closed_won],
        permission=_may_reopen,
    )
    def to_negotiation(self):
        self._enter(Stage.NEGOTIATION)

    @transition(field=stage, source=OPEN_STAGES, target=Stage.CLOSED_WON)
    def close_won(self, close_date=None):
        self._enter(Stage.CLOSED_WON, close_date)

    @transition(field=stage, source=OPEN_STAGES, target=Stage.CLOSED_LOST)
    def close_lost(self, loss_reason: str = "", loss_details: str = "", close_date=None):
        self._enter(Stage.CLOSED_LOST, close_date)
        self.loss_reason = loss_reason or ""
        self.loss_details = (loss_details or "").strip()
