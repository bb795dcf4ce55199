"""Campaigns and their members (SPEC §6 Campaign): where leads and deals come from.

A campaign's metrics (leads, responses, won amount, ROI …) are never stored; they are annotated
by ``crm.selectors.campaigns.with_metrics`` so lists and the record page share one definition.
Members are the one campaign record that may be removed (SPEC §4)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from crm.models.accounts import INACTIVE_LINK, ancestor_ids, newly_linked_inactive
from crm.models.base import DeactivatableRecord, RecordQuerySet, TimeStampedModel
from crm.models.money import CRMMoneyField, validate_currency

NOT_OWN_PARENT = "A campaign cannot be its own parent."
PARENT_CYCLE = "'{parent}' is already below this campaign, so it cannot be its parent."
END_BEFORE_START = "The end date cannot be before the start date."
NEGATIVE_COST = "Amounts cannot be negative."
MIXED_CURRENCIES = "Budgeted cost, actual cost and expected revenue must use the same currency."
ONE_PERSON = "A campaign member is either a lead or a contact (exactly one)."
ALREADY_MEMBER = "'{person}' is already a member of this campaign."
CONVERTED_LEAD_MEMBER = "'{lead}' has been converted; add the contact it became instead."


class CampaignType(models.TextChoices):
    EMAIL = "email", "Email"
    WEBINAR = "webinar", "Webinar"
    CONFERENCE = "conference", "Conference"
    TRADE_SHOW = "trade_show", "Trade Show"
    ADVERTISEMENT = "advertisement", "Advertisement"
    SOCIAL_MEDIA = "social_media", "Social Media"
    REFERRAL_PROGRAM = "referral_program", "Referral Program"
    DIRECT_MAIL = "direct_mail", "Direct Mail"
    OTHER = "other", "Other"


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In Progress"
    COMPLETED = "completed", "Completed"
    ABORTED = "aborted", "Aborted"


MONEY_FIELDS = ("budgeted_cost", "actual_cost", "expected_revenue")


class Campaign(FSMModelMixin, DeactivatableRecord):
    name = models.CharField("campaign name", max_length=255)
    type = models.CharField(max_length=20, choices=CampaignType.choices, blank=True)
    status = FSMField(
        choices=CampaignStatus.choices,
        default=CampaignStatus.PLANNED,
        protected=True,
        db_index=True,
    )
    start_date = models.DateField("start date", null=True, blank=True)
    end_date = models.DateField("end date", null=True, blank=True)
    budgeted_cost = CRMMoneyField("budgeted cost", max_digits=12, decimal_places=2, default=0)
    actual_cost = CRMMoneyField("actual cost", max_digits=12, decimal_places=2, default=0)
    expected_revenue = CRMMoneyField("expected revenue", max_digits=12, decimal_places=2, default=0)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent campaign",
    )
    description = models.TextField(blank=True)
    # Web-to-lead: the key a website form posts with (POST /api/v1/web-to-lead/). It sits in
    # public HTML, so it only names the campaign; rotating it retires old forms.
    web_to_lead_key = models.CharField(
        "web-to-lead key", max_length=40, unique=True, null=True, blank=True, editable=False
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [
            models.Index(fields=["name"], name="campaign_name_idx"),
            models.Index(fields=["is_active", "status"], name="campaign_active_status_idx"),
            models.Index(fields=["start_date"], name="campaign_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="campaign_not_own_parent",
                violation_error_message=NOT_OWN_PARENT,
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="campaign_end_after_start",
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(budgeted_cost__gte=0, actual_cost__gte=0, expected_revenue__gte=0),
                name="campaign_amounts_not_negative",
                violation_error_message=NEGATIVE_COST,
            ),
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values), name="campaign_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def currency(self) -> str:
        """The campaign's one currency (costs, revenue, won amount are all in it)."""
        return self.actual_cost.currency.code

    def clean_fields(self, exclude=None):
        # The FSM-protected status only changes through transitions (see Lead.clean_fields).
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        errors = {}
        for name in MONEY_FIELDS:
            try:
                validate_currency(getattr(self, name), field=name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        amounts = [getattr(self, name) for name in MONEY_FIELDS]
        codes = {amount.currency.code for amount in amounts if amount is not None}
        if len(codes) > 1:
            errors.setdefault("actual_cost", MIXED_CURRENCIES)
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                errors["parent"] = NOT_OWN_PARENT
            elif self.pk is not None and self.pk in ancestor_ids(
                Campaign, self.parent_id, "parent"
            ):
                errors["parent"] = PARENT_CYCLE.format(parent=self.parent)
            elif inactive := newly_linked_inactive(self, "parent"):
                errors["parent"] = INACTIVE_LINK.format(label="Campaign", record=inactive)
        if errors:
            raise ValidationError(errors)

    @transition(
        field=status,
        source=CampaignStatus.PLANNED,
        target=CampaignStatus.IN_PROGRESS,
        permission="crm.change_campaign",
    )
    def start(self):
        """The campaign goes out."""

    @transition(
        field=status,
        source=CampaignStatus.IN_PROGRESS,
        target=CampaignStatus.COMPLETED,
        permission="crm.change_campaign",
    )
    def complete(self):
        """It ran its course; responses may still arrive."""

    @transition(
        field=status,
        source=[CampaignStatus.PLANNED, CampaignStatus.IN_PROGRESS],
        target=CampaignStatus.ABORTED,
        permission="crm.change_campaign",
    )
    def abort(self):
        """Stopped early."""


class MemberStatus(models.TextChoices):
    SENT = "sent", "Sent"
    RESPONDED = "responded", "Responded"


class CampaignMember(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="members")
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_memberships",
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_memberships",
    )
    status = models.CharField(
        max_length=10, choices=MemberStatus.choices, default=MemberStatus.SENT
    )
    responded_at = models.DateTimeField("responded on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        permissions = [("import_campaignmember", "Can import campaign members")]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False, contact__isnull=True)
                | Q(lead__isnull=True, contact__isnull=False),
                name="campaign_member_one_person",
                violation_error_message=ONE_PERSON,
            ),
            models.UniqueConstraint(
                fields=["campaign", "lead"],
                condition=Q(lead__isnull=False),
                name="campaign_member_lead_unique",
                violation_error_message="This lead is already a member of this campaign.",
            ),
            models.UniqueConstraint(
                fields=["campaign", "contact"],
                condition=Q(contact__isnull=False),
                name="campaign_member_contact_unique",
                violation_error_message="This contact is already a member of this campaign.",
            ),
            models.CheckConstraint(
                condition=Q(status=MemberStatus.RESPONDED) | Q(responded_at__isnull=True),
                name="campaign_member_responded_at",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person is not None else "campaign member"

    @property
    def person(self):
        if self.lead_id:
            return self.lead
        return self.contact if self.contact_id else None

    @property
    def member_type(self) -> str:
        return "Lead" if self.lead_id else "Contact"

    def clean(self):
        super().clean()
        if bool(self.lead_id) == bool(self.contact_id):
            raise ValidationError(ONE_PERSON)
        if self.status == MemberStatus.RESPONDED:
            self.responded_at = self.responded_at or timezone.now()
        else:
            self.responded_at = None
        errors = {}
        if self.campaign_id and (inactive := newly_linked_inactive(self, "campaign")):
            errors["campaign"] = INACTIVE_LINK.format(label="Campaign", record=inactive)
        if self.contact_id and (inactive := newly_linked_inactive(self, "contact")):
            errors["contact"] = INACTIVE_LINK.format(label="Contact", record=inactive)
        if self.lead_id and self.lead.is_converted and self._person_changed("lead"):
            errors["lead"] = CONVERTED_LEAD_MEMBER.format(lead=self.lead)
        if errors:
            raise ValidationError(errors)

    def _person_changed(self, field: str) -> bool:
        if self._state.adding:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk).values_list(f"{field}_id", flat=True)
        return stored.first() != getattr(self, f"{field}_id")
