"""Leads, matched on their email (any case): an unconverted lead is updated, a converted one is
frozen so its row fails with the reason. A status in the file sets a new lead's status; for an
existing lead it must be reachable through the status machine (never "Converted": that only
happens through Convert)."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from import_export import widgets
from import_export.fields import Field

from crm.errors import BusinessRuleError
from crm.models import Campaign, Industry, Lead, LeadSource, LeadStatus
from crm.resources.base import CRMResource
from crm.resources.bulk import BULK_BATCH
from crm.resources.widgets import (
    ChoiceWidget,
    NaturalKeyWidget,
    TextWidget,
    column,
    owner_column,
    text,
)
from crm.services.transitions import find_transition

AMBIGUOUS_LEAD = "Several unconverted leads have the email address '{email}'; merge them first."
CONVERTED_LEAD = (
    "The lead with the email address '{email}' has been converted and can no longer be updated; "
    "update its contact instead."
)
IMPORT_CONVERTED = (
    "Leads become Converted only through Convert; import them as New, Contacted, Qualified or "
    "Unqualified."
)
PRELOAD_CHUNK = 5000
STATUS_UNREACHABLE = "A {current} lead cannot be set to {target} (see the lead's status path)."


def open_lead_with_email(email: str, matches: list[Lead] | None = None) -> Lead | None:
    """The unconverted lead with this email (among ``matches`` if given, else in the
    database); a converted-only match is an error."""
    if matches is None:
        matches = list(Lead.objects.with_email(email).order_by("pk"))
    unconverted = [lead for lead in matches if not lead.is_converted]
    if len(unconverted) > 1:
        raise ValidationError(AMBIGUOUS_LEAD.format(email=email))
    if unconverted:
        return unconverted[0]
    if matches:
        raise ValidationError(CONVERTED_LEAD.format(email=email))
    return None


class LeadEmailWidget(NaturalKeyWidget):
    """A lead by email: only an unconverted lead may be linked."""

    def __init__(self):
        super().__init__(Lead, "email", "Lead")

    def find(self, key: str):
        try:
            return open_lead_with_email(key)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc


def campaign_by_name() -> NaturalKeyWidget:
    return NaturalKeyWidget(Campaign, "name", "Campaign")


def address(name: str, header: str) -> Field:
    return Field(attribute=name, column_name=header, widget=TextWidget())


class LeadResource(CRMResource):
    first_name = column(Lead, "first_name")
    last_name = column(Lead, "last_name")
    company = column(Lead, "company")
    title = column(Lead, "title")
    email = column(Lead, "email")
    phone = column(Lead, "phone")
    website = column(Lead, "website")
    status = column(Lead, "status", ChoiceWidget(LeadStatus.choices, "lead status"))
    lead_source = column(Lead, "lead_source", ChoiceWidget(LeadSource.choices, "lead source"))
    industry = column(Lead, "industry", ChoiceWidget(Industry.choices, "industry"))
    campaign = Field(attribute="campaign", column_name="Campaign", widget=campaign_by_name())
    description = column(Lead, "description")
    address_street = address("address_street", "Street")
    address_city = address("address_city", "City")
    address_state = address("address_state", "State/Province")
    address_postal_code = address("address_postal_code", "Zip/Postal Code")
    address_country = address("address_country", "Country")
    owner = owner_column()
    converted_at = Field(
        attribute="converted_at",
        column_name="Converted On",
        widget=widgets.DateTimeWidget(),
        readonly=True,
    )

    export_related = ("campaign", "owner")
    leads_by_email: dict[str, list[Lead]] | None = None
    natural_key = ("email",)
    natural_key_noun = "email"

    class Meta:
        model = Lead
        name = "Leads"
        fields = (
            "first_name", "last_name", "company", "title", "email", "phone", "website", "status",
            "lead_source", "industry", "campaign", "description", "address_street",
            "address_city", "address_state", "address_postal_code", "address_country", "owner",
            "converted_at",
        )  # fmt: skip
        import_id_fields = ("email",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = True  # see crm.resources.bulk
        batch_size = BULK_BATCH

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.leads_by_email = self.preload(dataset)

    def preload(self, dataset) -> dict[str, list[Lead]]:
        """Every lead the file's emails match, in a few queries instead of one a row."""
        column = self.fields["email"].column_name
        if column not in dataset.headers:
            return {}
        emails = sorted({text(email).casefold() for email in dataset[column] if text(email)})
        found: dict[str, list[Lead]] = {}
        for start in range(0, len(emails), PRELOAD_CHUNK):
            chunk = emails[start : start + PRELOAD_CHUNK]
            leads = (
                Lead.objects.select_related(*self.export_related)
                .annotate(email_key=Lower("email"))
                .filter(email_key__in=chunk)
            )
            for lead in leads.order_by("pk"):
                found.setdefault(lead.email_key, []).append(lead)
        return found

    def get_instance(self, instance_loader, row):
        email = text(row.get(self.fields["email"].column_name))
        if not email:
            return None
        if self.leads_by_email is None:
            return open_lead_with_email(email)
        return open_lead_with_email(email, self.leads_by_email.get(email.casefold(), []))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute != "status":
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        if field.column_name not in row:
            return None
        target = field.clean(row, **kwargs)
        if not target or target == instance.status:
            return None
        if target == LeadStatus.CONVERTED:
            raise ValueError(IMPORT_CONVERTED)
        if instance._state.adding:
            # A new lead starts where the file says (e.g. leads already contacted elsewhere).
            Lead._meta.get_field("status").set_state(instance, target)
            return None
        try:
            move = find_transition(instance, field="status", target=target, user=kwargs.get("user"))
        except BusinessRuleError:
            raise ValueError(
                STATUS_UNREACHABLE.format(
                    current=instance.get_status_display(), target=LeadStatus(target).label
                )
            ) from None
        move()
        return None
