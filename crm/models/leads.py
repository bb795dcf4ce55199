"""Leads (SPEC §6 Lead): people who showed interest but are not clients yet.

A lead is worked through ``new → contacted → qualified`` (or ``unqualified`` and back), then
*converted* into an account, a contact and an opportunity. Conversion is one transaction owned
by ``crm.services.leads.convert_lead``; the FSM ``convert`` transition only completes inside
it. Once converted, a lead is frozen: ``save()`` refuses any further write, so no writer (admin
form, import, shell) can edit it."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from crm.errors import BusinessRuleError
from crm.models.accounts import INACTIVE_LINK, INVALID_WEBSITE, newly_linked_inactive
from crm.models.addresses import address_block
from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.choices import Industry, LeadSource

CONVERTED_READ_ONLY = "This lead has been converted and can no longer be edited."
CONVERT_THROUGH_SERVICE = "Leads are converted with the Convert button, which creates the records."


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    QUALIFIED = "qualified", "Qualified"
    UNQUALIFIED = "unqualified", "Unqualified"
    CONVERTED = "converted", "Converted"


# Statuses a salesperson is still working on; only these may be converted or disqualified.
WORKABLE_STATUSES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED]


class LeadQuerySet(RecordQuerySet):
    def open(self):
        """Leads still being worked (not converted, not disqualified)."""
        return self.filter(status__in=WORKABLE_STATUSES)

    def unconverted(self):
        return self.exclude(status=LeadStatus.CONVERTED)

    def converted(self):
        return self.filter(status=LeadStatus.CONVERTED)

    def with_email(self, email: str):
        """Leads whose email matches case-insensitively (the import natural key)."""
        return self.filter(email__iexact=(email or "").strip())


def _may_convert(lead, user) -> bool:
    return user.has_perm("crm.convert_lead")


LeadAddress = address_block("address")


class Lead(FSMModelMixin, LeadAddress, BusinessRecord):
    first_name = models.CharField("first name", max_length=80, blank=True)
    last_name = models.CharField("last name", max_length=80)
    company = models.CharField(max_length=255)
    title = models.CharField(max_length=128, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=255, blank=True)
    status = FSMField(
        choices=LeadStatus.choices, default=LeadStatus.NEW, protected=True, db_index=True
    )
    lead_source = models.CharField(
        "lead source", max_length=30, choices=LeadSource.choices, blank=True
    )
    industry = models.CharField(max_length=40, choices=Industry.choices, blank=True)
    campaign = models.ForeignKey(
        "crm.Campaign", on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    description = models.TextField(blank=True)
    converted_at = models.DateTimeField("converted on", null=True, blank=True, editable=False)
    converted_account = models.ForeignKey(
        "crm.Account",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="converted_leads",
        verbose_name="converted account",
    )
    converted_contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="converted_leads",
        verbose_name="converted contact",
    )
    converted_opportunity = models.ForeignKey(
        "crm.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="converted_leads",
        verbose_name="converted opportunity",
    )

    objects = LeadQuerySet.as_manager()

    # Set only by crm.services.leads.convert_lead, after it created the records.
    _conversion_in_progress = False

    class Meta:
        ordering = ["-created_at", "pk"]
        permissions = [
            ("import_lead", "Can import leads"),
            ("convert_lead", "Can convert leads"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="lead_status_created_idx"),
            models.Index(fields=["owner", "status"], name="lead_owner_status_idx"),
            models.Index(fields=["last_name", "first_name"], name="lead_name_idx"),
            models.Index(fields=["company"], name="lead_company_idx"),
            models.Index(Lower("email"), name="lead_email_ci_idx"),
            models.Index(fields=["lead_source", "status"], name="lead_source_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeadStatus.values), name="lead_status_valid"
            ),
            # Never half-converted: a converted lead always has its timestamp, account and
            # contact; any other lead has none of them.
            models.CheckConstraint(
                condition=(
                    Q(
                        status=LeadStatus.CONVERTED,
                        converted_at__isnull=False,
                        converted_account__isnull=False,
                        converted_contact__isnull=False,
                    )
                    | (
                        ~Q(status=LeadStatus.CONVERTED)
                        & Q(
                            converted_at__isnull=True,
                            converted_account__isnull=True,
                            converted_contact__isnull=True,
                            converted_opportunity__isnull=True,
                        )
                    )
                ),
                name="lead_conversion_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, [self.first_name, self.last_name]))

    @property
    def is_converted(self) -> bool:
        return self.status == LeadStatus.CONVERTED

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"https://{self.website}"

    def _stored_status(self) -> str | None:
        if self._state.adding or self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean_fields(self, exclude=None):
        # The FSM-protected status only changes through transitions; full_clean() must not
        # re-assign it (that would raise), its values are checked by a database constraint.
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def clean(self):
        super().clean()
        if self._stored_status() == LeadStatus.CONVERTED:
            raise ValidationError(CONVERTED_READ_ONLY)
        for name in ("first_name", "last_name", "company", "email", "website"):
            setattr(self, name, (getattr(self, name) or "").strip())
        errors = {}
        if self.website:
            try:
                URLValidator(schemes=["http", "https"])(self.website_url)
            except ValidationError:
                errors["website"] = INVALID_WEBSITE
        if self.campaign_id is not None and (inactive := newly_linked_inactive(self, "campaign")):
            errors["campaign"] = INACTIVE_LINK.format(label="Campaign", record=inactive)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self._stored_status() == LeadStatus.CONVERTED:
            raise BusinessRuleError(CONVERTED_READ_ONLY)
        super().save(*args, **kwargs)

    # --- status machine (SPEC §6) ---------------------------------------------------------------

    @transition(
        field=status,
        source=LeadStatus.NEW,
        target=LeadStatus.CONTACTED,
        permission="crm.change_lead",
    )
    def mark_contacted(self):
        """The salesperson reached the person."""

    @transition(
        field=status,
        source=[LeadStatus.NEW, LeadStatus.CONTACTED],
        target=LeadStatus.QUALIFIED,
        permission="crm.change_lead",
    )
    def qualify(self):
        """A real need, budget and timing: ready to convert."""

    @transition(
        field=status,
        source=WORKABLE_STATUSES,
        target=LeadStatus.UNQUALIFIED,
        permission="crm.change_lead",
    )
    def disqualify(self):
        """Not a fit; kept for reporting and may be reopened."""

    @transition(
        field=status,
        source=LeadStatus.UNQUALIFIED,
        target=LeadStatus.NEW,
        permission="crm.change_lead",
    )
    def reopen(self):
        """A disqualified lead gets another chance."""

    @transition(
        field=status,
        source=WORKABLE_STATUSES,
        target=LeadStatus.CONVERTED,
        permission=_may_convert,
    )
    def convert(self, *, account=None, contact=None, opportunity=None):
        """Offered to users who may convert (the path links it to the conversion page), but
        only completes inside ``convert_lead``, after the records exist: anywhere else it
        refuses and the status stays as it was."""
        if not self._conversion_in_progress or account is None or contact is None:
            raise BusinessRuleError(CONVERT_THROUGH_SERVICE)
        self.converted_at = timezone.now()
        self.converted_account = account
        self.converted_contact = contact
        self.converted_opportunity = opportunity
