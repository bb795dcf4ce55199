"""Company information (Salesforce's "Company Information"): the agency's own details, one
record, edited by admins. Every document (quote, invoice) and every email the CRM sends uses
it: the letterhead, the payment details, the footer and the reply-to address.

The database holds at most one row (its id is always 1); ``crm.selectors.company`` hands out
the saved row or, before an admin fills it in, an unsaved default named after
``CRM_AGENCY_NAME``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from crm.models.base import TimeStampedModel, VersionedModel
from crm.models.money import default_currency, validate_currency_code

SINGLETON_ID = 1
MAX_TERMS_DAYS = 365
TERMS_RANGE = f"Payment terms must be between 0 and {MAX_TERMS_DAYS} days."
LOGO_MAX_BYTES = 1024 * 1024
LOGO_TOO_BIG = "The logo must be 1 MB or smaller."
LOGO_TYPES = ["png", "jpg", "jpeg"]


def validate_logo_size(file) -> None:
    if file and file.size > LOGO_MAX_BYTES:
        raise ValidationError(LOGO_TOO_BIG)


class CompanyInformation(TimeStampedModel, VersionedModel):
    legal_name = models.CharField("legal name", max_length=255)
    address = models.TextField(blank=True, help_text="As it should print on invoices.")
    tax_number = models.CharField("tax / VAT number", max_length=64, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=255, blank=True)
    # Private storage (the default storage has no public URL): served to signed-in users only.
    logo = models.FileField(
        upload_to="company/",
        blank=True,
        validators=[FileExtensionValidator(LOGO_TYPES), validate_logo_size],
        help_text="PNG or JPEG, up to 1 MB. Printed at the top of quotes and invoices.",
    )
    bank_details = models.TextField(
        "bank / payment details", blank=True, help_text="How clients pay: bank, IBAN, link…"
    )
    invoice_footer = models.TextField("invoice footer", blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        "default payment terms (days)", default=14, help_text="Invoice due date = issue + terms."
    )
    default_currency = models.CharField("default currency", max_length=3, default=default_currency)
    reply_to_email = models.EmailField(
        "reply-to address", blank=True, help_text="Clients' replies to the CRM's emails go here."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "company information"
        verbose_name_plural = "company information"
        constraints = [
            models.CheckConstraint(condition=Q(id=SINGLETON_ID), name="company_information_one"),
            models.CheckConstraint(
                condition=Q(payment_terms_days__lte=MAX_TERMS_DAYS),
                name="company_terms_range",
                violation_error_message=TERMS_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name or settings.CRM_AGENCY_NAME

    def save(self, *args, **kwargs):
        if self._state.adding:
            # The one row: a second "first" record is refused by the primary key.
            self.pk = SINGLETON_ID
            kwargs.setdefault("force_insert", True)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        validate_currency_code(self.default_currency, field="default_currency")
        if self.payment_terms_days is not None and self.payment_terms_days > MAX_TERMS_DAYS:
            raise ValidationError({"payment_terms_days": TERMS_RANGE})

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]
