"""One record per /api/v1/ resource, for the generic tests (RBAC matrix, query counts,
schema): ``RECORD_MAKERS[prefix](owner)`` makes a record of that resource owned by ``owner``
(for an unowned child row: whose parent ``owner`` owns), through crm.tests.factories.

``SALES_MAY[prefix]`` is what a sales user may do there, written down from SPEC §5 (not read
from crm.permissions, so the matrix test checks the app against the spec, and
``test_sales_table_matches_role_matrix`` checks the two tables agree)."""

from dataclasses import dataclass

from crm.tests import factories as f

READ = frozenset({"view"})
CRU = frozenset({"view", "add", "change"})
CRUD = CRU | {"delete"}  # child rows a sales user may also remove (a ``remove/`` action)


def _quote(owner):
    return f.QuoteFactory(opportunity__account__owner=owner)


def _contract(owner):
    return f.ContractFactory(owner=owner, status="draft")


def _invoice_payment(invoice):
    from django.utils import timezone

    from crm.services.payments import log_payment

    return log_payment(
        user=f.AdminUserFactory(),
        order=invoice.order,
        invoice=invoice,
        amount="1.00",
        payment_date=timezone.localdate(),
        payment_method="cash",
    )


def _email(owner):
    from crm.services.outbox import queue_email

    return queue_email(
        user=None, to="client@example.com", subject="Hello", body="Hi", related=_quote(owner)
    )


RECORD_MAKERS = {
    "accounts": lambda owner: f.AccountFactory(owner=owner),
    "contacts": lambda owner: f.ContactFactory(account__owner=owner),
    "leads": lambda owner: f.LeadFactory(owner=owner),
    "campaigns": lambda owner: f.CampaignFactory(owner=owner),
    "campaign-members": lambda owner: f.CampaignMemberFactory(
        campaign__owner=owner, lead__owner=owner
    ),
    "products": lambda owner: f.ProductFactory(owner=owner),
    "opportunities": lambda owner: f.OpportunityFactory(account__owner=owner),
    "opportunity-line-items": lambda owner: f.LineItemFactory(opportunity__account__owner=owner),
    "opportunity-contact-roles": lambda owner: f.ContactRoleFactory(
        opportunity__account__owner=owner
    ),
    "quotes": _quote,
    "quote-line-items": lambda owner: _quote(owner).line_items.get(),
    "orders": lambda owner: f.OrderFactory(owner=owner),
    "payments": lambda owner: f.PaymentFactory(owner=owner),
    "invoices": lambda owner: f.InvoiceFactory(owner=owner),
    "contracts": _contract,
    "contract-line-items": lambda owner: f.ContractLineItemFactory(contract=_contract(owner)),
    "assets": lambda owner: f.AssetFactory(account__owner=owner),
    "cases": lambda owner: f.CaseFactory(account__owner=owner),
    "solutions": lambda owner: f.SolutionFactory(owner=owner),
    "knowledge-articles": lambda owner: f.KnowledgeArticleFactory(owner=owner),
    "activities": lambda owner: f.TaskFactory(owner=owner),
    "users": lambda owner: f.UserFactory(),  # users own nothing: a colleague
    "emails": _email,
}

# prefix → (model_name, what a sales user may do: view/add/change/delete). SPEC §5: sales
# users create/read/update the selling and service records and remove their lines, roles and
# campaign members; products, orders, payments and assets are read-only for them.
SALES_MAY = {
    "accounts": ("account", CRU),
    "contacts": ("contact", CRU),
    "leads": ("lead", CRU),
    "campaigns": ("campaign", CRU),
    "campaign-members": ("campaignmember", CRUD),
    "products": ("product", READ),
    "opportunities": ("opportunity", CRU),
    "opportunity-line-items": ("opportunitylineitem", CRUD),
    "opportunity-contact-roles": ("opportunitycontactrole", CRUD),
    "quotes": ("quote", CRU),
    "quote-line-items": ("quotelineitem", CRUD),
    "orders": ("order", READ),
    "payments": ("payment", READ),
    "invoices": ("invoice", READ),
    "contracts": ("contract", CRU),
    "contract-line-items": ("contractlineitem", CRUD),
    "assets": ("asset", READ),
    "cases": ("case", CRU),
    "solutions": ("solution", CRU),
    "knowledge-articles": ("knowledgearticle", CRU),
    "activities": ("activity", CRU),
    "users": ("user", frozenset()),  # no user permission; the names list is open to all
    "emails": ("emailmessage", frozenset({"add"})),  # send email; the outbox is the admins'
}

# (prefix, endpoint) a sales user may call without the model permission: the team's names.
SALES_WITHOUT_PERMISSION = frozenset({("users", "list")})

# SPEC §5's extra rights of a sales user: convert leads, generate orders/contracts, import
# the selling records (not users or products).
SALES_EXTRA = frozenset(
    {
        "convert_lead",
        "generate_order",
        "generate_contract",
        "import_account",
        "import_contact",
        "import_lead",
        "import_campaignmember",
    }
)


def sales_may(permission: str) -> bool:
    """Whether SPEC §5 lets a sales user hold ``permission`` ("crm.change_lead")."""
    codename = permission.split(".", 1)[-1]
    if codename in SALES_EXTRA:
        return True
    verb, _, model_name = codename.partition("_")
    for name, verbs in SALES_MAY.values():
        if name == model_name:
            return verb in verbs
    return False


# prefix → makers of the child rows its detail shows (GET /{prefix}/{id}/ must stay a constant
# number of queries however many there are).
CHILD_MAKERS = {
    "accounts": (
        lambda account: f.ContactFactory(account=account),
        lambda account: f.OpportunityFactory(account=account),
        lambda account: f.CaseFactory(account=account, contact=None),
    ),
    "opportunities": (
        lambda opportunity: f.LineItemFactory(opportunity=opportunity),
        lambda opportunity: f.ContactRoleFactory(opportunity=opportunity),
    ),
    "quotes": (lambda quote: f.QuoteLineItemFactory(quote=quote),),
    "contracts": (lambda contract: f.ContractLineItemFactory(contract=contract),),
    "invoices": (lambda invoice: _invoice_payment(invoice),),
    "campaigns": (lambda campaign: f.CampaignMemberFactory(campaign=campaign),),
}


# The operations the router serves for a viewset (RBAC matrix, schema coverage).
@dataclass
class Endpoint:
    name: str  # "list", "retrieve", "create", "partial_update" or the action's method name
    method: str
    detail: bool
    url_path: str = ""

    def url(self, prefix: str, record) -> str:
        base = f"/api/v1/{prefix}/"
        if self.detail:
            base += f"{record.pk}/"
        return base + (f"{self.url_path}/" if self.url_path else "")

    @property
    def reads(self) -> bool:
        return self.method == "get"


def endpoints(viewset) -> list[Endpoint]:
    """What the router serves for ``viewset``: the standard operations it has and allows,
    then every extra action (``@record_action`` or plain ``@action``)."""
    allowed = set(viewset.http_method_names)
    found = [
        Endpoint(name, method, detail)
        for name, method, detail in (
            ("list", "get", False),
            ("retrieve", "get", True),
            ("create", "post", False),
            ("partial_update", "patch", True),
        )
        if hasattr(viewset, name) and method in allowed
    ]
    for extra in viewset.get_extra_actions():
        for method, handler_name in extra.mapping.items():
            found.append(Endpoint(handler_name, method, extra.detail, extra.url_path))
    return found
