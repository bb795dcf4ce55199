"""The role → permission matrix of SPEC §5, as data. Models that do not exist yet are skipped,
so each later issue only adds its model names here."""

ADMIN_GROUP = "Admin"
SALES_GROUP = "Sales user"
ROLE_GROUPS = {"admin": ADMIN_GROUP, "user": SALES_GROUP}

CRU = ("add", "change", "view")
CRUD = ("add", "change", "view", "delete")  # delete only where the spec allows removal
READ = ("view",)

# Sales users: create/read/update the selling records, read-only money and catalogue,
# no user management. Admins get every permission of the crm app.
SALES_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "account": CRU,
    "contact": CRU,
    "lead": CRU,
    "opportunity": CRU,
    "opportunitylineitem": CRUD,
    "opportunitycontactrole": CRUD,
    "quote": CRU,
    "quotelineitem": CRUD,
    "case": CRU,
    "activity": CRU,
    "campaign": CRU,
    "campaignmember": CRUD,
    "solution": CRU,
    "knowledgearticle": CRU,
    "contract": CRU,
    "contractlineitem": CRUD,
    "attachment": CRUD,
    # Send Email / Send Quote queue an outbox message; the Outbox itself is for admins.
    "emailmessage": ("add",),
    # Personal API tokens: users issue, list and revoke (delete) their own (crm.services).
    "apitoken": ("add", "view", "delete"),
    "product": READ,
    "order": READ,
    "orderlineitem": READ,
    "payment": READ,
    "invoice": READ,
    "invoiceline": READ,
    "invoicereminder": READ,
    "asset": READ,
}

# Custom (non-CRUD) permissions a sales user also holds, e.g. "import_account".
SALES_EXTRA_PERMISSIONS: tuple[str, ...] = (
    "import_account",
    "import_contact",
    "import_lead",
    "convert_lead",
    "import_campaignmember",
    "generate_order",
    "generate_contract",
)
