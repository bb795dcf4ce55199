"""Campaign read queries: the metrics of SPEC §6 annotated in the database, so the campaign
list and record page cost a constant number of queries however many members or deals exist."""

from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from crm.models import Campaign, CampaignMember, LeadStatus, MemberStatus, Opportunity
from crm.models.money import TOTAL_FIELD, coalesce_total
from crm.models.opportunities import Stage
from crm.models.opportunity_lines import OpportunityLineItem, line_total_expression


def _count(queryset, group_by: str):
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


METRICS = (
    "lead_count",
    "converted_lead_count",
    "contact_count",
    "response_count",
    "opportunity_count",
    "won_opportunity_count",
    "won_amount",
)


def with_metrics(
    queryset: QuerySet[Campaign] | None = None, *, only: tuple[str, ...] = METRICS
) -> QuerySet[Campaign]:
    """Annotate lead_count, converted_lead_count, contact_count, response_count,
    opportunity_count, won_opportunity_count and won_amount (Σ line totals of the won deals
    whose primary campaign source it is, in the campaign's currency) — or ``only`` those named
    (a list shows three: each is a subquery per row)."""
    queryset = Campaign.objects.all() if queryset is None else queryset
    members = CampaignMember.objects.filter(campaign=OuterRef("pk"))
    deals = Opportunity.objects.filter(campaign=OuterRef("pk"))
    won_lines = (
        OpportunityLineItem.objects.filter(
            opportunity__campaign=OuterRef("pk"),
            opportunity__stage=Stage.CLOSED_WON,
            opportunity__currency=OuterRef("actual_cost_currency"),
        )
        .order_by()
        .values("opportunity__campaign")
        .annotate(total=Sum(line_total_expression()))
        .values("total")
    )
    metrics = {
        "lead_count": lambda: _count(members.filter(lead__isnull=False), "campaign"),
        "converted_lead_count": lambda: _count(
            members.filter(lead__status=LeadStatus.CONVERTED), "campaign"
        ),
        "contact_count": lambda: _count(members.filter(contact__isnull=False), "campaign"),
        "response_count": lambda: _count(members.filter(status=MemberStatus.RESPONDED), "campaign"),
        "opportunity_count": lambda: _count(deals, "campaign"),
        "won_opportunity_count": lambda: _count(deals.filter(stage=Stage.CLOSED_WON), "campaign"),
        "won_amount": lambda: coalesce_total(Subquery(won_lines, output_field=TOTAL_FIELD)),
    }
    return queryset.annotate(**{name: metrics[name]() for name in only})


def roi(*, won_amount: Decimal, actual_cost: Decimal) -> Decimal | None:
    """(won amount − actual cost) / actual cost; None when nothing was spent."""
    if not actual_cost:
        return None
    return (Decimal(won_amount) - Decimal(actual_cost)) / Decimal(actual_cost)


def campaign_roi(campaign: Campaign) -> Decimal | None:
    """ROI of a campaign annotated by ``with_metrics``."""
    return roi(won_amount=campaign.won_amount, actual_cost=campaign.actual_cost.amount)


def campaign_members(campaign: Campaign) -> QuerySet[CampaignMember]:
    return (
        CampaignMember.objects.filter(campaign=campaign)
        .select_related("lead", "contact", "contact__account")
        .order_by("-created_at", "pk")
    )


def campaign_opportunities(campaign: Campaign) -> QuerySet[Opportunity]:
    """Deals whose primary campaign source is the campaign, with their computed amounts."""
    return (
        Opportunity.objects.filter(campaign=campaign)
        .with_amount()
        .select_related("account", "owner")
        .order_by("close_date", "name", "pk")
    )


def child_campaigns(campaign: Campaign) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(parent=campaign)
        .select_related("owner")
        .order_by("-is_active", "-start_date", "name")
    )
