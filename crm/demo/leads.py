"""Demo leads: about 60 inquiries across every status and source, some from the demo campaigns.
Statuses move through the real status service and a dozen leads are converted through
``convert_lead`` (two into existing client accounts), so accounts, contacts, deals and history
are what a salesperson would have produced. One qualified lead is a new inquiry from a known
client contact, to show the conversion page's "Use existing" suggestions. Idempotent."""

import datetime
import random
import re
from itertools import cycle

from django.utils import timezone

from crm.demo.accounts import FIRST_NAMES, LAST_NAMES
from crm.demo.campaigns import ensure_campaigns, lead_source_of
from crm.models import Account, Contact, Lead, LeadStatus
from crm.services.campaigns import add_members
from crm.services.leads import change_status, convert_lead

PREFIXES = [
    "Bluebird", "Summit", "Riverside", "Oakridge", "Lantern", "Copper", "Evergreen", "Tidewater",
    "Redwood", "Foxglove", "Ironbridge", "Meadowlark",
]  # fmt: skip
TRADES = [
    ("Yoga Studio", "recreation"), ("Family Dentistry", "healthcare"),
    ("Coffee Roasters", "food_and_beverage"), ("Architects", "construction"),
    ("Accounting", "finance"), ("Pet Clinic", "healthcare"), ("Boutique Hotel", "hospitality"),
    ("Bike Shop", "retail"), ("Robotics", "technology"), ("Law Office", "consulting"),
]  # fmt: skip
TITLES = ["Owner", "Marketing Manager", "Office Manager", "Founder", "Operations Director"]
SOURCES = [
    ("web", 14), ("referral", 10), ("email_campaign", 8), ("trade_show", 8),
    ("partner_referral", 6), ("phone_inquiry", 5), ("social_media", 5), ("advertisement", 3),
    ("other", 1),
]  # fmt: skip
# Target status of every lead, in a fixed rotation (≈ 60 leads: 12 converted).
STATUS_CYCLE = [
    LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.CONVERTED,
    LeadStatus.NEW, LeadStatus.UNQUALIFIED, LeadStatus.CONTACTED, LeadStatus.CONVERTED,
    LeadStatus.QUALIFIED, LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.UNQUALIFIED,
    LeadStatus.CONVERTED, LeadStatus.NEW, LeadStatus.QUALIFIED,
]  # fmt: skip
PATH = {
    LeadStatus.CONTACTED: [LeadStatus.CONTACTED],
    LeadStatus.QUALIFIED: [LeadStatus.CONTACTED, LeadStatus.QUALIFIED],
    LeadStatus.UNQUALIFIED: [LeadStatus.CONTACTED, LeadStatus.UNQUALIFIED],
    LeadStatus.CONVERTED: [LeadStatus.CONTACTED, LeadStatus.QUALIFIED],
}
DEALS = ["New website", "Website redesign", "SEO retainer", "Online shop", "Brand refresh"]


def seed(*, admin, sales, scale: int = 1) -> None:
    if Lead.objects.exists():
        return
    rng = random.Random(60)
    campaigns = {lead_source_of(c): c for c in ensure_campaigns(admin=admin, sales=sales)}
    sources = [source for source, weight in SOURCES for _ in range(weight)]
    statuses = cycle(STATUS_CYCLE)
    clients = list(Account.objects.active().filter(type="customer").order_by("name")[:2])
    today = timezone.localdate()
    for index in range(len(demo_phones(scale))):
        first = FIRST_NAMES[(index * 3) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + index // len(LAST_NAMES)) % len(LAST_NAMES)]
        prefix = PREFIXES[index % len(PREFIXES)]
        trade, industry = TRADES[(index // len(PREFIXES) + index) % len(TRADES)]
        company = f"{prefix} {trade}" + (f" {index // 120 + 1}" if index >= 120 else "")
        source = sources[index % len(sources)]
        campaign = campaigns.get(source) if index % 3 else None
        owner = sales if index % 4 else admin
        target = next(statuses)
        # Two conversions grow existing clients instead of creating new accounts.
        existing = clients.pop() if target == LeadStatus.CONVERTED and clients else None
        if existing is not None:
            company = existing.name
        lead = _create(
            owner=owner,
            first_name=first,
            last_name=last,
            company=company,
            title=TITLES[index % len(TITLES)],
            email=f"{first}.{last}{index}@{_domain(company)}".lower(),
            phone=demo_phone(index),
            lead_source=source,
            industry=industry,
            campaign=campaign,
            address_city=rng.choice(["Denver", "Boulder", "Aurora", "Golden", "Lakewood"]),
            address_state="CO",
            address_country="United States",
            description="Inquiry from the website contact form." if source == "web" else "",
        )
        if campaign is not None:  # joined the campaign before anyone worked the lead
            add_members(campaign, user=owner, leads=[lead])
        _work(lead, target, owner=owner, account=existing)
        created = timezone.now() - datetime.timedelta(days=rng.randint(2, 330))
        Lead.objects.filter(pk=lead.pk).update(created_at=created)
    _known_contact_inquiry(owner=sales, today=today)


def demo_phone(index: int) -> str:
    """The demo lead's natural key: the n-th demo lead has this phone number, whatever other
    leads users added (crm.demo.opportunities.fill_open_deals finds its deals by it)."""
    return f"(720) 555-{1000 + index:04d}"


def demo_phones(scale: int) -> list[str]:
    return [demo_phone(index) for index in range(60 * scale)]


def _domain(company: str) -> str:
    return re.sub("[^a-z0-9]", "", company.lower())[:30] + ".example"


def _create(*, owner, **fields) -> Lead:
    lead = Lead(owner=owner, **fields)
    lead.full_clean()
    lead._history_user = owner
    lead.save()
    return lead


def _work(lead: Lead, target: str, *, owner, account) -> None:
    for status in PATH.get(target, []):
        change_status(lead, status=status, user=owner)
    if target == LeadStatus.CONVERTED:
        deal = DEALS[lead.pk % len(DEALS)]
        convert_lead(lead, user=owner, opportunity_name=f"{lead.company} - {deal}", account=account)


def _known_contact_inquiry(*, owner, today) -> None:
    """A qualified lead whose email belongs to an existing client contact."""
    contact = Contact.objects.active().select_related("account").order_by("pk").first()
    if contact is None:
        return
    lead = _create(
        owner=owner,
        first_name=contact.first_name,
        last_name=contact.last_name,
        company=contact.account.name,
        title=contact.title,
        email=contact.email,
        phone=contact.phone,
        lead_source="referral",
        industry=contact.account.industry,
        description=f"Asked about an online shop on {today:%B %d}.",
    )
    _work(lead, LeadStatus.QUALIFIED, owner=owner, account=None)
