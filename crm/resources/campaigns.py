"""Campaign members, matched on campaign name + lead or contact email."""

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from crm.models import CampaignMember, MemberStatus
from crm.resources.accounts import contact_by_email
from crm.resources.base import CRMResource
from crm.resources.bulk import BULK_BATCH
from crm.resources.leads import LeadEmailWidget, campaign_by_name
from crm.resources.widgets import ChoiceWidget, TextWidget, text

ONE_PERSON_PER_ROW = "Fill in exactly one of Lead Email and Contact Email."


class CampaignMemberResource(CRMResource):
    campaign = Field(attribute="campaign", column_name="Campaign Name", widget=campaign_by_name())
    lead = Field(attribute="lead", column_name="Lead Email", widget=LeadEmailWidget())
    contact = Field(attribute="contact", column_name="Contact Email", widget=contact_by_email())
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
    natural_key = ("campaign", "lead", "contact")
    natural_key_noun = "campaign and person"

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
        use_bulk = True  # see crm.resources.bulk
        batch_size = BULK_BATCH

    def row_key(self, row):
        """Campaign + the one person of the row (a lead and a contact never collide)."""
        campaign, lead, contact = (
            text(row.get(self.fields[name].column_name)).casefold() for name in self.natural_key
        )
        if not campaign or bool(lead) == bool(contact):
            return None
        return (campaign, "lead", lead) if lead else (campaign, "contact", contact)

    def shown_key(self, row) -> str:
        values = (text(row.get(self.fields[name].column_name)) for name in self.natural_key)
        return " / ".join(value for value in values if value)

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
        super().import_instance(instance, row, **kwargs)
        lead_given = bool(text(row.get(self.fields["lead"].column_name)))
        contact_given = bool(text(row.get(self.fields["contact"].column_name)))
        if lead_given == contact_given:
            raise ValidationError(ONE_PERSON_PER_ROW)
