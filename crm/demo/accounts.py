"""Demo accounts and contacts: the agency's clients — bakeries, law firms, dental clinics,
SaaS start-ups … — some grouped under a parent account. Idempotent: accounts are matched by
name and contacts by email, so running the demo twice changes nothing."""

import csv
from itertools import count, cycle, islice
from pathlib import Path

from crm.models import Account, Contact
from crm.services.accounts import create_account, create_contact

# One row per account: name, type, industry, phone, website, city, state, parent name.
ACCOUNTS_FILE = Path(__file__).with_name("accounts.csv")

FIRST_NAMES = [
    "Ana", "Nia", "Marcus", "Priya", "Tom", "Lena", "Diego", "Hannah", "Kenji", "Sofia", "Omar",
    "Grace", "Lucas", "Maya", "Ethan", "Zara", "Noah", "Chloe", "Ivan", "Aisha",
]  # fmt: skip
LAST_NAMES = [
    "Ruiz", "Obi", "Bennett", "Shah", "Keller", "Novak", "Herrera", "Walsh", "Tanaka", "Rossi",
    "Haddad", "Kim", "Meyer", "Patel", "Larsen", "Ahmed", "Fischer", "Dubois", "Petrov", "Mensah",
]  # fmt: skip
TITLES = [
    ("Owner", "Management"), ("Marketing Lead", "Marketing"), ("Office Manager", "Operations"),
    ("CEO", "Management"), ("Head of Growth", "Marketing"), ("IT Coordinator", "IT"),
]  # fmt: skip
CONTACTS_PER_ACCOUNT = (3, 2, 2, 3, 3, 2, 3, 2, 2, 3, 3, 2, 2, 3, 2, 2, 3, 2, 3, 3, 2, 2, 3, 2, 2)
EXTRA_PREFIXES = ["Silver", "Maple", "Harbor", "Granite", "Juniper", "Crescent", "Aspen", "Cobalt"]
EXTRA_TRADES = [
    ("Dental Studio", "healthcare"), ("Law Group", "consulting"),
    ("Bakehouse", "food_and_beverage"), ("Software", "technology"),
    ("Outfitters", "apparel"), ("Builders", "construction"),
]  # fmt: skip


def _accounts_for(scale: int):
    with ACCOUNTS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["name"], r["type"], r["industry"], r["phone"], r["website"], r["city"],
             r["state"], r["parent"] or None)
            for r in csv.DictReader(handle)
        ]  # fmt: skip
    yield from rows
    extras = max(scale - 1, 0) * len(rows)
    combos = ((p, t) for t in EXTRA_TRADES for p in EXTRA_PREFIXES)
    for index, (prefix, (trade, industry)) in enumerate(islice(cycle(combos), extras)):
        round_ = index // (len(EXTRA_PREFIXES) * len(EXTRA_TRADES))
        name = f"{prefix} {trade}" + (f" {round_ + 1}" if round_ else "")
        slug = name.lower().replace(" ", "")
        yield (name, "prospect", industry, f"(555) 030-{index:04d}", f"{slug}.example",
               "Denver", "CO", None)  # fmt: skip


def demo_account_names() -> list[str]:
    """The demo clients' names (the natural key other seeders attach their rows to)."""
    return [row[0] for row in _accounts_for(1)]


def seed(*, admin, sales, scale: int = 1) -> None:
    owners = cycle([sales, admin, sales])
    accounts = []
    for name, type_, industry, phone, website, city, state, parent in _accounts_for(scale):
        account = Account.objects.named(name).first()
        if account is None:
            account = create_account(
                user=admin,
                name=name,
                owner=next(owners),
                type=type_,
                industry=industry,
                phone=phone,
                website=website,
                billing_street=f"{100 + len(accounts) * 7} Main Street",
                billing_city=city,
                billing_state=state,
                billing_postal_code=f"{80000 + len(accounts) * 13}",
                billing_country="United States",
                parent=Account.objects.named(parent).first() if parent else None,
            )
        accounts.append(account)
    _seed_contacts(accounts, admin=admin)


def _seed_contacts(accounts: list[Account], *, admin) -> None:
    # Every (first, last) pair once, in an order that mixes both names.
    firsts, lasts = len(FIRST_NAMES), len(LAST_NAMES)
    people = ((FIRST_NAMES[i % firsts], LAST_NAMES[(i * 7 + i // firsts) % lasts]) for i in count())
    for position, account in enumerate(accounts):
        manager = None
        how_many = CONTACTS_PER_ACCOUNT[position % len(CONTACTS_PER_ACCOUNT)]
        domain = account.website.split("/")[0]
        for number in range(how_many):
            first, last = next(people)
            email = f"{first}.{last}@{domain}".lower()
            contact = Contact.objects.with_email(email).first()
            if contact is None:
                title, department = TITLES[(position + number) % len(TITLES)]
                contact = create_contact(
                    user=admin,
                    account=account,
                    first_name=first,
                    last_name=last,
                    email=email,
                    phone=f"{account.phone[:-2]}{10 + number:02d}",
                    title=title,
                    department=department,
                    owner=account.owner,
                    reports_to=manager,
                    mailing_city=account.billing_city,
                    mailing_state=account.billing_state,
                    mailing_country=account.billing_country,
                )
            manager = manager or contact
