"""The related lists of a campaign's record page: its members (leads and contacts), the deals
whose primary campaign source it is, and its child campaigns."""

from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money

from crm.admin.kit.related import Column, RelatedList
from crm.models import Contact, Lead
from crm.record_urls import record_url
from crm.selectors.campaigns import campaign_members, campaign_opportunities, child_campaigns

CAMPAIGN_ICON, CAMPAIGN_COLOR = "campaign", "#F49756"


def _person_url(member) -> str:
    if member.lead_id:
        return record_url(Lead, member.lead_id)
    return record_url(Contact, member.contact_id)


def _company(member) -> str:
    return member.lead.company if member.lead_id else member.contact.account.name


def _responded_on(member):
    return timezone.localdate(member.responded_at) if member.responded_at else None


def _remove_action(request, campaign, member) -> list[tuple[str, str]]:
    if not request.user.has_perm("crm.delete_campaignmember"):
        return []
    url = reverse("admin:crm_campaign_remove_member", args=[campaign.pk, member.pk])
    return [("Remove", url)]


def campaign_related_lists() -> tuple[RelatedList, ...]:
    return (
        RelatedList(
            key="members",
            title="Campaign Members",
            icon="groups",
            color=CAMPAIGN_COLOR,
            rows=campaign_members,
            parent_field="campaign",
            limit=10,
            columns=(
                Column("Name", lambda m: m.person, link=_person_url),
                Column("Type", "member_type"),
                Column("Company / Account", _company),
                Column("Status", "get_status_display"),
                Column("Responded on", _responded_on),
            ),
            row_actions=_remove_action,
        ),
        RelatedList(
            key="opportunities",
            title="Opportunities",
            icon="trending_up",
            color="#FF9A3C",
            rows=campaign_opportunities,
            parent_field="campaign",
            allow_new=False,
            columns=(
                Column("Opportunity name", "name", link=True),
                Column("Account", "account.name"),
                Column("Stage", "get_stage_display"),
                Column("Amount", lambda o: Money(o.amount, o.currency)),
                Column("Close date", "close_date"),
            ),
        ),
        RelatedList(
            key="child_campaigns",
            title="Child Campaigns",
            icon=CAMPAIGN_ICON,
            color=CAMPAIGN_COLOR,
            rows=child_campaigns,
            parent_field="parent",
            columns=(
                Column("Campaign name", "name", link=True),
                Column("Type", "get_type_display"),
                Column("Status", "get_status_display"),
                Column("Start date", "start_date"),
                Column("Owner", "owner"),
            ),
        ),
    )
