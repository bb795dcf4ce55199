"""CSV / XLSX import-export of leads and campaign members (SPEC §7), in the conventions of
``crm.resources``: label headers, picklists as label or code, links by natural key.

Leads are matched on their email (any case): an unconverted lead is updated, a converted one is
frozen so its row fails with the reason. A status in the file sets a new lead's status; for an
existing lead it must be reachable through the status machine (never "Converted": that only
happens through Convert). Campaign members are matched on campaign name + lead/contact email."""

from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.fields import Field

from crm.errors import BusinessRuleError
from crm.models import (
    Campaign,
    CampaignMember,
    Industry,
    Lead,
    LeadSource,
    LeadStatus,
    MemberStatus,
)
from crm.resources import (
    ChoiceWidget,
    ContactEmailWidget,
    CRMResource,
    OwnerWidget,
    TextWidget,
    _text,
    column,
)
from crm.services.transitions import find_transition

UNKNOWN_CAMPAIGN = "Campaign '{name}' does not exist."
AMBIGUOUS_CAMPAIGN = "Several campaigns are named '{name}'; rename them so the name is unique."
UNKNOWN_LEAD = "Lead '{email}' does not exist."
AMBIGUOUS_LEAD = "Several unconverted leads have the email address '{email}'; merge them first."
CONVERTED_LEAD = (
    "The lead with the email address '{email}' has been converted and can no longer be updated; "
    "update its contact instead."
)
IMPORT_CONVERTED = (
    "Leads become Converted only through Convert; import them as New, Contacted, Qualified or "
    "Unqualified."
)
STATUS_UNREACHABLE = "A {current} lead cannot be set to {target} (see the lead's status path)."
ONE_PERSON_PER_ROW = "Fill in exactly one of Lead Email and Contact Email."


def open_lead_with_email(email: str) -> Lead | None:
    """The unconverted lead with this email; a converted-only match is an error."""
    matches = list(Lead.objects.with_email(email).order_by("pk"))
    unconverted = [lead for lead in matches if not lead.is_converted]
    if len(unconverted) > 1:
        raise ValidationError(AMBIGUOUS_LEAD.format(email=email))
    if unconverted:
        return unconverted[0]
    if matches:
        raise ValidationError(CONVERTED_LEAD.format(email=email))
    return None


class CampaignNameWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            return None
        matches = list(Campaign.objects.filter(name__iexact=name).order_by("pk")[:2])
        if not matches:
            raise ValueError(UNKNOWN_CAMPAIGN.format(name=name))
        if len(matches) > 1:
            raise ValueError(AMBIGUOUS_CAMPAIGN.format(name=name))
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class LeadEmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        email = _text(value)
        if not email:
            return None
        try:
            lead = open_lead_with_email(email)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc
        if lead is None:
            raise ValueError(UNKNOWN_LEAD.format(email=email))
        return lead

    def render(self, value, obj=None, **kwargs):
        return value.email if value is not None else ""


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
    campaign = Field(attribute="campaign", column_name="Campaign", widget=CampaignNameWidget())
    description = column(Lead, "description")
    address_street = Field(attribute="address_street", column_name="Street", widget=TextWidget())
    address_city = Field(attribute="address_city", column_name="City", widget=TextWidget())
    address_state = Field(
        attribute="address_state", column_name="State/Province", widget=TextWidget()
    )
    address_postal_code = Field(
        attribute="address_postal_code", column_name="Zip/Postal Code", widget=TextWidget()
    )
    address_country = Field(attribute="address_country", column_name="Country", widget=TextWidget())
    owner = Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())
    converted_at = Field(
        attribute="converted_at",
        column_name="Converted On",
        widget=widgets.DateTimeWidget(),
        readonly=True,
    )

    export_related = ("campaign", "owner")

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

    def get_instance(self, instance_loader, row):
        email = _text(row.get(self.fields["email"].column_name))
        return open_lead_with_email(email) if email else None

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


class CampaignMemberResource(CRMResource):
    campaign = Field(attribute="campaign", column_name="Campaign Name", widget=CampaignNameWidget())
    lead = Field(attribute="lead", column_name="Lead Email", widget=LeadEmailWidget())
    contact = Field(attribute="contact", column_name="Contact Email", widget=ContactEmailWidget())
    status = Field(
        attribute="status",
        column_name="Status",
        widget=ChoiceWidget(MemberStatus.choices, "member status"),
    )
    responded_at = Field(
        attribute="responded_at", column_name="Responded On", widget=widgets.DateTimeWidget()
    )
    name = Field(attribute="person", column_name="Name", widget=TextWidget(), readonly=True)
    member_type = Field(
        attribute="member_type", column_name="Member Type", widget=TextWidget(), readonly=True
    )

    export_related = ("campaign", "lead", "contact")

    class Meta:
        model = CampaignMember
        name = "Campaign members"
        fields = (
            "campaign", "lead", "contact", "status", "responded_at", "name", "member_type",
        )  # fmt: skip
        import_id_fields = ("campaign",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        """The member for (campaign, person), if the person is already in the campaign."""
        campaign = self._clean_or_none("campaign", row)
        lead = self._clean_or_none("lead", row)
        contact = self._clean_or_none("contact", row)
        if campaign is None or (lead is None) == (contact is None):
            return None
        person = {"lead": lead} if lead is not None else {"contact": contact}
        return CampaignMember.objects.filter(campaign=campaign, **person).first()

    def _clean_or_none(self, name: str, row):
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError:
            return None  # reported against the field by import_instance

    def import_instance(self, instance, row, **kwargs):
        # Members have no owner: skip CRMResource's owner default.
        resources.ModelResource.import_instance(self, instance, row, **kwargs)
        lead_given = bool(_text(row.get(self.fields["lead"].column_name)))
        contact_given = bool(_text(row.get(self.fields["contact"].column_name)))
        if lead_given == contact_given:
            raise ValidationError(ONE_PERSON_PER_ROW)
