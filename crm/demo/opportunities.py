"""Demo opportunities spread over the stages, with line items and contact roles. Stages are
set through ``change_stage`` so probability, close dates and history are real."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from crm.demo.leads import demo_phones
from crm.models import Account
from crm.models.catalog import Product
from crm.models.opportunities import OPEN_STAGES, LossReason, Opportunity, Stage
from crm.models.opportunity_lines import ContactRole, OpportunityContactRole, OpportunityLineItem
from crm.services.opportunities import change_stage

DEALS = [
    "Website rebuild",
    "SEO retainer 2027",
    "Online shop launch",
    "Brand refresh",
    "Landing pages for spring campaign",
    "Maintenance renewal",
    "Hosting migration",
    "Paid social pilot",
    "Strategy workshop",
    "Booking system integration",
]
STAGE_WEIGHTS = [
    (Stage.QUALIFYING, 9),
    (Stage.NEEDS_ANALYSIS, 7),
    (Stage.PROPOSAL, 7),
    (Stage.NEGOTIATION, 5),
    (Stage.CLOSED_WON, 8),
    (Stage.CLOSED_LOST, 4),
]


def _add_lines(opportunity: Opportunity, products: list[Product], rng: random.Random) -> None:
    for product in rng.sample(products, k=min(len(products), rng.randint(1, 3))):
        quantity = Decimal(rng.choice([1, 1, 2, 3, 6, 12]))
        discount = Decimal(rng.choice([100, 100, 95, 90])) / 100
        OpportunityLineItem.objects.create(
            opportunity=opportunity,
            product=product,
            quantity=quantity,
            sale_price=(product.standard_list_price * discount).round(2),
        )


def fill_open_deals(*, admin, sales, scale: int) -> None:
    """Runs after the lead and campaign seeders: deals created by converting a demo lead start
    without products, so give each open one that has none a few lines (a non-zero amount).
    Only the demo leads' deals (found by their natural key): a deal a user added without
    products is theirs, and a second run must not touch it."""
    rng = random.Random(2027)
    priced = Product.objects.active().filter(standard_list_price__gt=0).order_by("product_code")
    demo_deals = (
        Opportunity.objects.open()
        .filter(line_items__isnull=True, converted_leads__phone__in=demo_phones(scale))
        .distinct()
        .order_by("pk")
    )
    for opportunity in demo_deals:
        products = [
            p for p in priced if p.standard_list_price.currency.code == opportunity.currency
        ]
        if products:
            _add_lines(opportunity, products, rng)


def seed(*, admin, sales, scale: int) -> None:
    if Opportunity.objects.exists():
        return
    rng = random.Random(2026)
    accounts = list(Account.objects.active().order_by("name"))
    products = list(Product.objects.active().order_by("product_code"))
    if not accounts or not products:
        return
    today = timezone.localdate()
    stages = [stage for stage, weight in STAGE_WEIGHTS for _ in range(weight)]
    for index in range(40 * scale):
        account = accounts[index % len(accounts)]
        owner = sales if index % 3 else admin
        target = stages[index % len(stages)]
        opportunity = Opportunity(
            name=f"{account.name} — {DEALS[index % len(DEALS)]}",
            account=account,
            owner=owner,
            close_date=today + datetime.timedelta(days=rng.randint(-60, 150)),
            lead_source=rng.choice(["web", "referral", "partner_referral", "email_campaign", ""]),
            next_step="Send proposal" if target in OPEN_STAGES else "",
        )
        opportunity._history_user = owner
        opportunity.save()
        _add_lines(opportunity, products, rng)
        contacts = list(account.contacts.active()[:2])
        for position, contact in enumerate(contacts):
            OpportunityContactRole.objects.create(
                opportunity=opportunity,
                contact=contact,
                is_primary=position == 0,
                role=ContactRole.DECISION_MAKER if position == 0 else ContactRole.EVALUATOR,
            )
        if target != Stage.QUALIFYING:
            lost = target == Stage.CLOSED_LOST
            change_stage(
                opportunity,
                stage=target,
                user=owner,
                loss_reason=LossReason.values[index % len(LossReason.values)] if lost else "",
                loss_details="Chose a cheaper freelancer." if lost else "",
            )
