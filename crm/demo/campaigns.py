"""Demo campaigns: four marketing campaigns with costs, their members (the leads they brought
and some existing contacts), responses, and won deals so the metrics and ROI mean something.
Idempotent: campaigns are matched by name, members are only added once."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from crm.models import Campaign, CampaignMember, CampaignStatus, Contact, Lead, MemberStatus
from crm.models.catalog import Product
from crm.models.opportunities import Opportunity, Stage
from crm.models.opportunity_lines import OpportunityLineItem
from crm.services import transitions
from crm.services.campaigns import add_members
from crm.services.opportunities import change_stage

# name, type, status, start (days from today), days, budgeted, actual, expected, lead source
CAMPAIGNS = [
    ("Spring Website Webinar", "webinar", "completed", -170, 1, 1500, 1200, 15000, "web"),
    ("Denver Small Business Expo", "trade_show", "completed", -100, 3, 6000, 5400, 30000,
     "trade_show"),
    ("Local SEO Email Series", "email", "in_progress", -40, 90, 800, 450, 8000, "email_campaign"),
    ("Partner Referral Rewards", "referral_program", "planned", 20, 180, 2000, 0, 12000,
     "partner_referral"),
]  # fmt: skip
STEPS = {"in_progress": ["in_progress"], "completed": ["in_progress", "completed"]}


def lead_source_of(campaign: Campaign) -> str:
    return next((row[8] for row in CAMPAIGNS if row[0] == campaign.name), "")


def ensure_campaigns(*, admin, sales) -> list[Campaign]:
    """The demo campaigns, created on first use (the lead seeder links leads to them)."""
    today = timezone.localdate()
    campaigns = []
    for index, (name, type_, status, start, days, budget, actual, expected, _) in enumerate(
        CAMPAIGNS
    ):
        campaign = Campaign.objects.filter(name=name).first()
        if campaign is None:
            owner = admin if index % 2 else sales
            campaign = Campaign(
                name=name,
                type=type_,
                start_date=today + datetime.timedelta(days=start),
                end_date=today + datetime.timedelta(days=start + days),
                budgeted_cost=Money(budget, "USD"),
                actual_cost=Money(actual, "USD"),
                expected_revenue=Money(expected, "USD"),
                owner=owner,
                description=f"{type_.replace('_', ' ').title()} campaign run by the agency.",
            )
            campaign.full_clean()
            campaign._history_user = owner
            campaign.save()
            for target in STEPS.get(status, []):
                transitions.transition(
                    campaign, field="status", target=target, user=owner, version=None
                )
        campaigns.append(campaign)
    return campaigns


def seed(*, admin, sales, scale: int = 1) -> None:
    campaigns = ensure_campaigns(admin=admin, sales=sales)
    # The lead seeder already enrolled its leads; contacts mark this seeder's own work.
    if CampaignMember.objects.filter(contact__isnull=False).exists():
        return
    rng = random.Random(4)
    contacts = list(Contact.objects.active().order_by("pk"))
    products = list(Product.objects.active().order_by("product_code"))
    for position, campaign in enumerate(campaigns):
        leads = list(Lead.objects.filter(campaign=campaign).order_by("pk"))
        owner = campaign.owner
        add_members(campaign, user=owner, leads=leads)
        chunk = contacts[position * 8 : position * 8 + 8 * scale]
        if campaign.status != CampaignStatus.PLANNED:
            add_members(campaign, user=owner, contacts=chunk)
            _record_responses(campaign, rng)
            _win_some_deals(campaign, products, rng, user=owner)


def _record_responses(campaign: Campaign, rng: random.Random) -> None:
    """Converted leads responded, and about a third of the others."""
    for member in campaign.members.select_related("lead").order_by("pk"):
        converted = member.lead_id and member.lead.is_converted
        if converted or rng.random() < 0.35:
            member.status = MemberStatus.RESPONDED
            member.full_clean()
            member._history_user = campaign.owner
            member.save()


def _win_some_deals(campaign: Campaign, products, rng: random.Random, *, user) -> None:
    """Give the deals this campaign sourced some of the bigger projects; win two of three."""
    projects = sorted(products, key=lambda p: p.standard_list_price.amount)[-4:]
    if not projects:
        return
    deals = Opportunity.objects.filter(campaign=campaign, stage=Stage.QUALIFYING).order_by("pk")
    for index, deal in enumerate(deals):
        for product in rng.sample(projects, k=min(len(projects), rng.randint(1, 2))):
            if product.standard_list_price.currency.code != deal.currency:
                continue
            OpportunityLineItem.objects.create(
                opportunity=deal,
                product=product,
                quantity=Decimal(1),
                sale_price=product.standard_list_price,
            )
        if index % 3 != 2:
            # Won a few weeks ago, not at the end of the quarter the conversion guessed.
            deal.close_date = timezone.localdate() - datetime.timedelta(days=rng.randint(5, 40))
            deal._history_user = user
            deal.save()
            change_stage(deal, stage=Stage.CLOSED_WON, user=user)
