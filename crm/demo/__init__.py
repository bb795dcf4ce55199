"""Demo data seeding. Each area adds a module with ``seed(*, admin, sales, scale)`` and lists
it in SEEDERS; seeders must be idempotent (running the demo twice is safe)."""

DEMO_PASSWORD = "AgencyDemo!2026"
DEMO_USERS = [
    # email, first name, last name, role
    ("admin@agency.example", "Ada", "Admin", "admin"),
    ("sales@agency.example", "Sam", "Seller", "user"),
]

SEEDERS: list[str] = [
    "crm.demo.company.seed",
    "crm.demo.accounts.seed",
    "crm.demo.catalog.seed",
    "crm.demo.opportunities.seed",
    "crm.demo.leads.seed",
    "crm.demo.campaigns.seed",
    "crm.demo.activities.seed",
    "crm.demo.opportunities.fill_open_deals",  # last: deals from converted leads get lines
    "crm.demo.quotes.seed",  # after every deal has its lines
    "crm.demo.billing.seed",  # orders, payments and assets from won deals
    "crm.demo.support.seed",
    "crm.demo.retainers.seed",  # retainer contracts and their payment history
    "crm.demo.invoices.seed",  # invoices for orders and retainer periods, sent, reminded
]
