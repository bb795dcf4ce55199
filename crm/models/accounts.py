"""Accounts and contacts (SPEC §6): the client companies and the people who work there.

Both are deactivated, never deleted; their business rules live in ``clean()`` so that every
writer (admin form, import, service) that calls ``full_clean()`` enforces them, and the
database repeats the ones it can express as constraints."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from crm.models.addresses import BillingAddress, MailingAddress, ShippingAddress
from crm.models.base import DeactivatableRecord, RecordQuerySet
from crm.models.choices import Industry, LeadSource

NOT_OWN_PARENT = "An account cannot be its own parent."
PARENT_CYCLE = (
    "'{parent}' is already below this account in the hierarchy, so it cannot be its parent."
)
NEEDS_ACCOUNT = "A contact must belong to an account."
DUPLICATE_EMAIL = "A contact with this email address already exists."
NOT_OWN_MANAGER = "A contact cannot report to themselves."
REPORTS_TO_OTHER_ACCOUNT = "'{manager}' works for {account}, not for this contact's account."
REPORTS_TO_CYCLE = "'{manager}' already reports (directly or not) to this contact."
INACTIVE_LINK = "{label} '{record}' is inactive; choose an active one."
INVALID_WEBSITE = "Enter a valid website address, e.g. www.example.com."
BILLING_CONTACT_OTHER_ACCOUNT = "'{contact}' works for {account}, not for this account."

# Walking a hierarchy stops here even if the data were corrupt; real hierarchies are shallow.
MAX_HIERARCHY_DEPTH = 100


def ancestor_ids(model, start_id, field: str):
    """Yield ``start_id`` and the ids above it along the self-FK ``field`` (bounded walk)."""
    seen, current = set(), start_id
    for _ in range(MAX_HIERARCHY_DEPTH):
        if current is None or current in seen:
            return
        seen.add(current)
        yield current
        current = (
            model._base_manager.filter(pk=current).values_list(f"{field}_id", flat=True).first()
        )


def newly_linked_inactive(instance, field: str):
    """The related record if saving ``instance`` would create a *new* link to an inactive one
    (existing links to since-deactivated records are kept, SPEC §4)."""
    related = getattr(instance, field)
    if related is None or related.is_active:
        return None
    if instance._state.adding:
        return related
    current = (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values_list(f"{field}_id", flat=True)
        .first()
    )
    return related if current != related.pk else None


class AccountType(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    CUSTOMER = "customer", "Customer"
    PARTNER = "partner", "Partner"
    RESELLER = "reseller", "Reseller"
    VENDOR = "vendor", "Vendor"
    OTHER = "other", "Other"


class Salutation(models.TextChoices):
    MR = "mr", "Mr."
    MS = "ms", "Ms."
    MRS = "mrs", "Mrs."
    MX = "mx", "Mx."
    DR = "dr", "Dr."
    PROF = "prof", "Prof."


class AccountQuerySet(RecordQuerySet):
    def named(self, name: str):
        """Accounts whose name matches case-insensitively (the import natural key)."""
        return self.filter(name__iexact=(name or "").strip())


class Account(BillingAddress, ShippingAddress, DeactivatableRecord):
    name = models.CharField("account name", max_length=255)
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=255, blank=True)
    type = models.CharField(max_length=20, choices=AccountType.choices, blank=True)
    industry = models.CharField(max_length=40, choices=Industry.choices, blank=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent account",
    )
    # Who receives the invoices and payment reminders (issue #26); one of the account's
    # contacts. Contacts are never deleted, so SET_NULL only guards against raw SQL.
    billing_contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="billing contact",
    )

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("import_account", "Can import accounts")]
        indexes = [
            models.Index(fields=["name"], name="account_name_idx"),
            models.Index(Lower("name"), name="account_name_ci_idx"),
            models.Index(fields=["is_active", "name"], name="account_active_name_idx"),
            # The list's default view and order (active, by name, then id): a deep page reads
            # its ids from this index alone (crm.admin.kit.deep_pages). Partial, so searches
            # by name never take it for their condition.
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_active=True),
                name="account_active_list_idx",
            ),
            models.Index(fields=["phone"], name="account_phone_idx"),
            models.Index(fields=["type"], name="account_type_idx"),
            models.Index(fields=["industry"], name="account_industry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="account_not_own_parent",
                violation_error_message=NOT_OWN_PARENT,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"https://{self.website}"

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        errors = {}
        self.website = (self.website or "").strip()
        if self.website:
            try:
                URLValidator(schemes=["http", "https"])(self.website_url)
            except ValidationError:
                errors["website"] = INVALID_WEBSITE
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                errors["parent"] = NOT_OWN_PARENT
            elif self.pk is not None and self.pk in ancestor_ids(Account, self.parent_id, "parent"):
                errors["parent"] = PARENT_CYCLE.format(parent=self.parent)
            elif inactive := newly_linked_inactive(self, "parent"):
                errors["parent"] = INACTIVE_LINK.format(label="Account", record=inactive)
        if self.billing_contact_id is not None and (message := self._billing_contact_error()):
            errors["billing_contact"] = message
        if errors:
            raise ValidationError(errors)

    def _billing_contact_error(self) -> str | None:
        contact = self.billing_contact
        if contact.account_id != self.pk:
            return BILLING_CONTACT_OTHER_ACCOUNT.format(contact=contact, account=contact.account)
        if inactive := newly_linked_inactive(self, "billing_contact"):
            return INACTIVE_LINK.format(label="Contact", record=inactive)
        return None


class ContactQuerySet(RecordQuerySet):
    def with_email(self, email: str):
        """Contacts whose email matches case-insensitively (the import natural key)."""
        return self.filter(email__iexact=(email or "").strip())


class Contact(MailingAddress, DeactivatableRecord):
    salutation = models.CharField(max_length=10, choices=Salutation.choices, blank=True)
    first_name = models.CharField("first name", max_length=80, blank=True)
    last_name = models.CharField("last name", max_length=80)
    title = models.CharField(max_length=128, blank=True)
    department = models.CharField(max_length=80, blank=True)
    # "" when unknown (never NULL), so the case-insensitive unique index skips it.
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="contacts",
        error_messages={"null": NEEDS_ACCOUNT, "blank": NEEDS_ACCOUNT},
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name="reports to",
    )
    lead_source = models.CharField(max_length=30, choices=LeadSource.choices, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        permissions = [("import_contact", "Can import contacts")]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="contact_name_idx"),
            models.Index(fields=["is_active", "last_name"], name="contact_active_name_idx"),
            models.Index(fields=["email"], name="contact_email_idx"),
            models.Index(fields=["phone"], name="contact_phone_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="contact_email_ci_unique",
                violation_error_message=DUPLICATE_EMAIL,
            ),
            models.CheckConstraint(
                condition=Q(reports_to__isnull=True) | ~Q(reports_to=F("pk")),
                name="contact_not_own_manager",
                violation_error_message=NOT_OWN_MANAGER,
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, [self.first_name, self.last_name]))

    def clean(self):
        super().clean()
        self.first_name = (self.first_name or "").strip()
        self.last_name = (self.last_name or "").strip()
        self.email = (self.email or "").strip()
        errors = {}
        if self.email and (
            Contact._base_manager.filter(email__iexact=self.email).exclude(pk=self.pk).exists()
        ):
            errors["email"] = DUPLICATE_EMAIL
        if self.account_id is not None and (inactive := newly_linked_inactive(self, "account")):
            errors["account"] = INACTIVE_LINK.format(label="Account", record=inactive)
        if self.reports_to_id is not None and (message := self._reports_to_error()):
            errors["reports_to"] = message
        if errors:
            raise ValidationError(errors)

    def _reports_to_error(self) -> str | None:
        manager = self.reports_to
        if manager.pk == self.pk:
            return NOT_OWN_MANAGER
        if self.account_id is not None and manager.account_id != self.account_id:
            return REPORTS_TO_OTHER_ACCOUNT.format(manager=manager, account=manager.account)
        if self.pk is not None and self.pk in ancestor_ids(Contact, manager.pk, "reports_to"):
            return REPORTS_TO_CYCLE.format(manager=manager)
        if inactive := newly_linked_inactive(self, "reports_to"):
            return INACTIVE_LINK.format(label="Contact", record=inactive)
        return None
