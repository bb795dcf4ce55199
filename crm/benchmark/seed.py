"""Fill a scratch database with the SPEC §10 data set using bulk inserts.

Every row is built as a model instance that satisfies the table's constraints (unique
e-mails, valid stages/statuses, one currency per opportunity, positive quantities), so the
data looks like what the app itself would write. History rows are not written: the benchmark
measures the sales pages, not the audit trail.

Extending: append ``(name, function)`` to ``STEPS``; a step receives the ``Seed`` (sizes,
users, random generator and what earlier steps created) and returns the number of rows."""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from crm.benchmark import billing, invoices, retainers
from crm.models import Account, Activity, Contact, Lead, User
from crm.models.catalog import Product, ProductFamily
from crm.models.leads import LeadStatus
from crm.models.marketing import Campaign
from crm.models.opportunities import STAGE_PROBABILITY, Opportunity, Stage
from crm.models.opportunity_lines import OpportunityLineItem

BENCH_DOMAIN = "bench.example"
ADMIN_EMAIL = f"admin@{BENCH_DOMAIN}"
SALES_USERS = 10
BATCH = 2000
# SPEC §10 sizes (billing's are in crm.benchmark.billing).
SIZES = {
    "products": 50,
    "campaigns": 200,
    "accounts": 20_000,
    "contacts": 60_000,
    "leads": 40_000,
    "opportunities": 30_000,
    "line_items": 90_000,
    "activities": 200_000,
}
# A showcase account (200 contacts, 100 opportunities) and opportunity (10 lines) for the
# record pages; they are part of the counts above.
SHOWCASE_NAME = "Nova Showcase Holdings"
SHOWCASE_CONTACTS, SHOWCASE_OPPORTUNITIES, SHOWCASE_LINES = 200, 100, 10
# Activities on the showcase account, its contacts and opportunities (its Activity tab).
SHOWCASE_ACTIVITIES = 2000

FIRST = "Ada Ben Cleo Dan Eva Finn Gia Hugo Iris Jon Kai Lena Max Nina Omar Pia Raj Sara Tom Uma"
LAST = "Novak Smith Garcia Chen Müller Rossi Dubois Kim Silva Jensen Nowak Ito Brown Lopez Wright"
WORDS = "Nova Blue Acme Delta Orbit Pixel Summit Cedar Harbor Vertex Lumen Quartz Atlas Willow"
KINDS = "Labs Systems Media Partners Digital Studio Group Works Foods Health Logistics Retail"


@dataclass
class Seed:
    scale: float
    rng: random.Random
    users: list[User] = field(default_factory=list)
    created: dict[str, list] = field(default_factory=dict)

    def size(self, name: str) -> int:
        return max(1, round(SIZES[name] * self.scale))

    def owner(self, i: int) -> User:
        return self.users[i % len(self.users)]


def _name(rng: random.Random, words: str, kinds: str, i: int) -> str:
    return f"{rng.choice(words.split())} {rng.choice(kinds.split())} {i:05d}"


def seed_products(seed: Seed) -> list[Product]:
    families = list(ProductFamily.values)
    return Product.objects.bulk_create(
        Product(
            name=f"Service {i:03d}",
            product_code=f"BENCH-{i:03d}",
            family=families[i % len(families)],
            owner=seed.owner(i),
            standard_list_price=Money(100 * (1 + i % 20), "USD"),
        )
        for i in range(seed.size("products"))
    )


def seed_campaigns(seed: Seed) -> list[Campaign]:
    return Campaign.objects.bulk_create(
        Campaign(name=_name(seed.rng, WORDS, "Launch Webinar Promo Summit", i), owner=seed.owner(i))
        for i in range(seed.size("campaigns"))
    )


def seed_accounts(seed: Seed) -> list[Account]:
    rng = seed.rng
    accounts = [Account(name=SHOWCASE_NAME, owner=seed.users[0])]
    accounts += [
        Account(
            name=_name(rng, WORDS, KINDS, i),
            owner=seed.owner(i),
            phone=f"+1 555 {i:07d}",
            billing_city=rng.choice(["Berlin", "Lyon", "Austin", "Osaka", "Porto"]),
        )
        for i in range(1, seed.size("accounts"))
    ]
    return Account.objects.bulk_create(accounts, batch_size=BATCH)


def seed_contacts(seed: Seed) -> int:
    rng, accounts = seed.rng, seed.created["accounts"]
    showcase = min(SHOWCASE_CONTACTS, seed.size("contacts"))

    def contact(i: int) -> Contact:
        first, last = rng.choice(FIRST.split()), rng.choice(LAST.split())
        account = accounts[0] if i < showcase else accounts[i % len(accounts)]
        return Contact(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{i}@{BENCH_DOMAIN}".lower(),
            account=account,
            owner=seed.owner(i),
        )

    return len(_bulk(Contact, (contact(i) for i in range(seed.size("contacts")))))


def seed_leads(seed: Seed) -> int:
    rng, campaigns = seed.rng, seed.created["campaigns"]
    statuses = [s for s in LeadStatus.values if s != LeadStatus.CONVERTED]

    def lead(i: int) -> Lead:
        first, last = rng.choice(FIRST.split()), rng.choice(LAST.split())
        instance = Lead(
            first_name=first,
            last_name=last,
            company=_name(rng, WORDS, KINDS, i),
            email=f"{first}.{last}.lead{i}@{BENCH_DOMAIN}".lower(),
            campaign=campaigns[i % len(campaigns)] if i % 3 == 0 else None,
            owner=seed.owner(i),
        )
        instance.__dict__["status"] = statuses[i % len(statuses)]  # FSM field, bulk on purpose
        return instance

    return len(_bulk(Lead, (lead(i) for i in range(seed.size("leads")))))


def seed_opportunities(seed: Seed) -> list[Opportunity]:
    rng, accounts = seed.rng, seed.created["accounts"]
    stages, today = list(Stage), timezone.localdate()
    showcase = min(SHOWCASE_OPPORTUNITIES, seed.size("opportunities"))

    def opportunity(i: int) -> Opportunity:
        stage = stages[i % len(stages)]
        instance = Opportunity(
            name=_name(rng, WORDS, "Website Rebrand SEO Campaign Retainer App", i),
            account=accounts[0] if i < showcase else accounts[i % len(accounts)],
            owner=seed.owner(i),
            close_date=today + datetime.timedelta(days=rng.randint(-60, 240)),
            probability=STAGE_PROBABILITY[stage],
            currency="USD",
        )
        instance.__dict__["stage"] = stage.value  # FSM field: bulk seeding bypasses it
        return instance

    return _bulk(Opportunity, (opportunity(i) for i in range(seed.size("opportunities"))))


def seed_line_items(seed: Seed) -> int:
    rng, products = seed.rng, seed.created["products"]
    opportunities = seed.created["opportunities"]
    total = seed.size("line_items")
    per_deal = max(1, total // len(opportunities))
    # The first opportunity is the 10-line showcase; the others share the remaining lines.
    plan = [(opportunities[0], SHOWCASE_LINES)]
    plan += [(o, per_deal) for o in opportunities[1:]]

    def lines():
        for opportunity, count in plan:
            for _ in range(count):
                yield OpportunityLineItem(
                    opportunity=opportunity,
                    product=rng.choice(products),
                    quantity=Decimal(rng.randint(1, 5)),
                    sale_price=Money(rng.randint(100, 5000), opportunity.currency),
                )

    return len(_bulk(OpportunityLineItem, lines()))


def seed_activities(seed: Seed) -> int:
    """Tasks and events over the last year and the next six months; the showcase account's
    timeline rolls up ``SHOWCASE_ACTIVITIES`` of them (on it, its contacts, its deals)."""
    rng, accounts = seed.rng, seed.created["accounts"]
    opportunities = seed.created["opportunities"]
    showcase_deals = [
        o for o in opportunities[:SHOWCASE_OPPORTUNITIES] if o.account_id == accounts[0].pk
    ]
    showcase_contacts = list(
        Contact.objects.filter(account=accounts[0]).values_list("pk", flat=True)
    )
    total = seed.size("activities")
    showcase = min(SHOWCASE_ACTIVITIES, total // 10)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)

    def links(i: int) -> dict:
        kind = i % 3
        if i < showcase:
            if kind == 0 and showcase_deals:
                return {"related_opportunity": showcase_deals[i % len(showcase_deals)]}
            if kind == 1 and showcase_contacts:
                return {"contact_id": showcase_contacts[i % len(showcase_contacts)]}
            return {"related_account": accounts[0]}
        if kind == 0:
            return {"related_opportunity": opportunities[i % len(opportunities)]}
        return {"related_account": accounts[i % len(accounts)]}

    def activity(i: int) -> Activity:
        when = now + datetime.timedelta(days=rng.randint(-365, 180), hours=rng.randint(-8, 8))
        owner = seed.owner(i)
        common = {"owner": owner, "assigned_to": owner, "activity_date": when, **links(i)}
        if i % 2:
            done = when < now and rng.random() < 0.8
            return Activity(
                type="task",
                subject=f"Follow up {i}",
                status="completed" if done else "not_started",
                completed_at=when if done else None,
                due_date=timezone.localtime(when).date(),
                **common,
            )
        return Activity(
            type="event",
            subject=f"Meeting {i}",
            status="",
            priority="",
            start_time=when,
            end_time=when + datetime.timedelta(minutes=rng.choice([30, 60, 90])),
            **common,
        )

    return len(_bulk(Activity, (activity(i) for i in range(total))))


def _bulk(model, rows) -> list:
    created, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
    if batch:
        created += model.objects.bulk_create(batch)
    return created


STEPS: list[tuple[str, Callable[[Seed], object]]] = [
    ("products", seed_products),
    ("campaigns", seed_campaigns),
    ("accounts", seed_accounts),
    ("contacts", seed_contacts),
    ("leads", seed_leads),
    ("opportunities", seed_opportunities),
    ("line_items", seed_line_items),
    *billing.STEPS,
    ("activities", seed_activities),
    ("retainers", retainers.seed_retainers),
    ("invoices", invoices.seed_invoices),
]


def bench_users() -> list[User]:
    """The benchmark's admin (who measures) and its salespeople; created when missing."""
    users = []
    people = [("admin", "Bench", "Admin", "admin")]
    people += [(f"sales{i}", "Sales", f"Person {i}", "user") for i in range(1, SALES_USERS + 1)]
    for local, first, last, role in people:
        email = f"{local}@{BENCH_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, first_name=first, last_name=last, role=role
        )
        users.append(user)
    return users


def run(*, scale: float = 1.0, progress: Callable[[str, int], None] | None = None) -> Seed:
    seed = Seed(scale=scale, rng=random.Random(20))  # noqa: S311 (fake data, not secrets)
    with transaction.atomic():
        seed.users = bench_users()
        for name, step in STEPS:
            result = step(seed)
            if isinstance(result, list):
                seed.created[name] = result
            if progress:
                progress(name, len(result) if isinstance(result, list) else int(result))
    return seed
