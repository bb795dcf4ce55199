"""What the admin smoke matrix expects (SPEC §5): each registered admin's access per role
(``ACCESS``) and the answer each header action must give (``ACTION_RULES``). The record states
worth visiting are in ``matrix_records``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse

from crm.models import (
    ArticleStatus,
    CaseStatus,
    LeadStatus,
    Stage,
)
from crm.models.marketing import CampaignStatus
from crm.models.quotes import QuoteStatus
from crm.models.support import OPEN_CASE_STATUSES
from crm.tests.admin.matrix_records import has_field

ROLES = ("admin", "sales")
FULL, READ, NONE = "full", "read-only", "none"
# Made only by services (orders, payments, assets): no add page, the record page edits.
SERVICE_MADE = "service-made"
# Issued on the add page by a service, then only read or revoked (personal API tokens).
ISSUED = "issued"
# One record, no list (company information): the list and the add page open the record.
SINGLE = "single record"
PAYMENT_STATES = ("awaiting_payment", "partially_paid", "paid_in_full")

# SPEC §5: what each role may do with each registered model's pages.
ACCESS: dict[str, dict[str, str]] = {
    "crm.Account": {"admin": FULL, "sales": FULL},
    "crm.Contact": {"admin": FULL, "sales": FULL},
    "crm.Lead": {"admin": FULL, "sales": FULL},
    "crm.Opportunity": {"admin": FULL, "sales": FULL},
    "crm.Campaign": {"admin": FULL, "sales": FULL},
    # Tasks and events: both roles create, read and update (SPEC §5).
    "crm.Activity": {"admin": FULL, "sales": FULL},
    "crm.CampaignMember": {"admin": FULL, "sales": FULL},
    # An opportunity's products and contact roles (its Related cards' pages).
    "crm.OpportunityLineItem": {"admin": FULL, "sales": FULL},
    "crm.OpportunityContactRole": {"admin": FULL, "sales": FULL},
    # Quotes and their lines (lines are pages opened from the quote's card).
    "crm.Quote": {"admin": FULL, "sales": FULL},
    "crm.QuoteLineItem": {"admin": FULL, "sales": FULL},
    # Admin-only writes; sales users read the catalogue.
    "crm.Product": {"admin": FULL, "sales": READ},
    # No user management for sales users.
    "crm.User": {"admin": FULL, "sales": NONE},
    # Uploaded and removed from the record pages; the list only reads.
    "crm.Attachment": {"admin": READ, "sales": READ},
    # Billing: admins move orders, edit payments and assets; sales users read them.
    "crm.Order": {"admin": SERVICE_MADE, "sales": READ},
    "crm.Payment": {"admin": SERVICE_MADE, "sales": READ},
    # Invoices are issued from an order or a contract (or the billing run); admins void them.
    "crm.Invoice": {"admin": SERVICE_MADE, "sales": READ},
    "crm.Asset": {"admin": SERVICE_MADE, "sales": READ},
    # Service (SPEC §5: sales users create/read/update cases, solutions and articles).
    "crm.Case": {"admin": FULL, "sales": FULL},
    "crm.Solution": {"admin": FULL, "sales": FULL},
    "crm.KnowledgeArticle": {"admin": FULL, "sales": FULL},
    # Retainers: sales users create and run contracts (and their draft lines).
    "crm.Contract": {"admin": FULL, "sales": FULL},
    "crm.ContractLineItem": {"admin": FULL, "sales": FULL},
    # Each role issues, reads and revokes its own tokens; admins see everyone's.
    "crm.ApiToken": {"admin": ISSUED, "sales": ISSUED},
    # The agency's company information: admins only (Settings).
    "crm.CompanyInformation": {"admin": SINGLE, "sales": NONE},
    # The outbox (Settings): admins read it and retry failed emails; sales users send only.
    "crm.EmailMessage": {"admin": READ, "sales": NONE},
    # The test-only app (crm.tests.pathapp): no role's group grants it.
    "pathapp.Ticket": {"admin": NONE, "sales": NONE},
}

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]


@dataclass
class Visit:
    """One record in one state, seen by one role."""

    role: str
    access: str
    record: object
    sales_user: object

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def active(self) -> bool:
        return getattr(self.record, "is_active", True)

    @property
    def owned_by_sales(self) -> bool:
        return getattr(self.record, "owner_id", None) == self.sales_user.pk

    @property
    def status(self) -> str | None:
        return getattr(self.record, "status", None)


OK, REDIRECT, FORBIDDEN = 200, 302, 403


def _deactivate(visit: Visit) -> int:
    # Admins deactivate any active record; sales users the records they own and may edit.
    # Records without is_active (leads, opportunities, lines) have no Deactivate.
    if not has_field(type(visit.record), "is_active") or not visit.active:
        return FORBIDDEN
    if visit.is_admin:
        return OK
    return OK if visit.access == FULL and visit.owned_by_sales else FORBIDDEN


def _new_related(visit: Visit, label: str) -> int:
    # "New Contact" on an active account: off to the prefilled add page, if the role may add.
    return REDIRECT if visit.active and ACCESS[label][visit.role] == FULL else FORBIDDEN


def _lead_move(*sources: str) -> Callable[[Visit], int]:
    return lambda visit: OK if visit.status in sources else FORBIDDEN


# actions_detail name -> the status its GET must answer (SPEC §4-6); 302s are followed once.
ACTION_RULES: dict[str, Callable[[Visit], int]] = {
    "deactivate_detail": _deactivate,
    "reactivate_detail": lambda v: OK if v.is_admin and not v.active else FORBIDDEN,
    "new_contact": lambda v: _new_related(v, "crm.Contact"),
    "new_opportunity": lambda v: _new_related(v, "crm.Opportunity"),
    "convert_detail": lambda v: (
        REDIRECT
        if v.status in (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)
        else FORBIDDEN
    ),
    "mark_contacted_detail": _lead_move(LeadStatus.NEW),
    "qualify_detail": _lead_move(LeadStatus.NEW, LeadStatus.CONTACTED),
    "disqualify_detail": _lead_move(LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED),
    # The ▾ menu every record has: Clone (opens a pre-filled add form), Change Owner.
    "clone": lambda v: (
        REDIRECT
        if v.access == FULL and admin.site._registry[type(v.record)].clone_enabled
        else FORBIDDEN
    ),
    "change_owner_detail": lambda v: (
        OK if v.is_admin and v.access == FULL and has_field(type(v.record), "owner") else FORBIDDEN
    ),
    # A product line or a contact role, removed from its (open) opportunity.
    "remove_detail": lambda v: OK if v.access == FULL else FORBIDDEN,
    # An open opportunity's "Create Quote" asks first; a quote's moves and its print page.
    "create_quote": lambda v: OK if v.access == FULL and not v.record.is_closed else FORBIDDEN,
    "present_detail": lambda v: OK if v.status == QuoteStatus.DRAFT else FORBIDDEN,
    "accept_detail": lambda v: OK if v.status == QuoteStatus.PRESENTED else FORBIDDEN,
    "deny_detail": lambda v: OK if v.status == QuoteStatus.PRESENTED else FORBIDDEN,
    "print_detail": lambda v: OK if v.access != NONE else FORBIDDEN,
    "pdf_detail": lambda v: OK if v.access != NONE else FORBIDDEN,
    "generate_order_detail": lambda v: (
        OK if getattr(v.record, "stage", None) == Stage.CLOSED_WON else FORBIDDEN
    ),
    "log_payment_detail": lambda v: (
        OK if v.is_admin and v.status not in ("cancelled", "draft") else FORBIDDEN
    ),
    "generate_contract_detail": lambda v: (
        OK
        if getattr(v.record, "stage", None) == Stage.CLOSED_WON
        and v.record.line_items.filter(product__is_retainer_product=True).exists()
        else FORBIDDEN
    ),
    "activate_detail": lambda v: OK if v.status == "draft" else FORBIDDEN,
    "terminate_detail": lambda v: OK if v.status == "activated" else FORBIDDEN,
    "renew_detail": lambda v: OK if v.status not in (None, "draft") else FORBIDDEN,
    "fulfil_detail": lambda v: OK if v.is_admin and v.status in PAYMENT_STATES else FORBIDDEN,
    "cancel_order_detail": lambda v: OK if v.is_admin and v.status in PAYMENT_STATES else FORBIDDEN,
    "void_payment_detail": lambda v: OK if v.is_admin and v.status != "void" else FORBIDDEN,
    # Invoices: issued from an open order or a non-draft contract (admins), voided while
    # nothing is paid on them (admins); everyone who reads one downloads or prints it
    # (print_detail, pdf_detail above).
    "issue_invoice_detail": lambda v: (
        OK if v.is_admin and v.status not in ("cancelled", "draft") else FORBIDDEN
    ),
    "void_invoice_detail": lambda v: (
        OK if v.is_admin and v.status in ("draft", "issued") else FORBIDDEN
    ),
    "send_invoice_detail": lambda v: OK if v.is_admin and v.status != "void" else FORBIDDEN,
    "new_case": lambda v: _new_related(v, "crm.Case"),
    "start_detail": _lead_move(CaseStatus.NEW),
    "escalate_detail": _lead_move(CaseStatus.NEW, CaseStatus.IN_PROGRESS),
    "close_detail": _lead_move(*OPEN_CASE_STATUSES),
    "reopen_detail": lambda v: (
        OK if v.status in (LeadStatus.UNQUALIFIED, CaseStatus.CLOSED) else FORBIDDEN
    ),
    "publish_detail": _lead_move(ArticleStatus.DRAFT),
    "archive_detail": _lead_move(ArticleStatus.PUBLISHED),
    "restore_detail": _lead_move(ArticleStatus.ARCHIVED),
    # A campaign's ▾ "Web-to-lead key": admins, or the owner, of an active campaign.
    "web_to_lead_key_detail": lambda v: (
        OK if v.active and (v.is_admin or v.owned_by_sales) else FORBIDDEN
    ),
    # An API token's Revoke: its own user, or an admin.
    "revoke_detail": lambda v: (
        OK if v.is_admin or v.record.user_id == v.sales_user.pk else FORBIDDEN
    ),
    # Send Email from a contact, lead, opportunity or case (both roles may send); Send Quote
    # on a presented quote; Retry on a failed email (admins).
    "send_email_detail": lambda v: OK if v.active else FORBIDDEN,
    "send_quote_detail": lambda v: OK if v.status == QuoteStatus.PRESENTED else FORBIDDEN,
    "retry_detail": lambda v: OK if v.is_admin and v.status == "failed" else FORBIDDEN,
    "abort_detail": lambda v: (
        OK
        if v.active and v.status in (CampaignStatus.PLANNED, CampaignStatus.IN_PROGRESS)
        else FORBIDDEN
    ),
}


def detail_actions(model_admin) -> list[str]:
    names = []
    for entry in model_admin.actions_detail or ():
        names.extend(entry["items"] if isinstance(entry, dict) else [entry])
    return names


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def expected_page(access: str, page: str) -> int:
    if access == NONE:
        return FORBIDDEN
    if access == SINGLE and page in ("changelist", "add"):
        return REDIRECT
    if access in (READ, SERVICE_MADE) and page == "add":
        return FORBIDDEN
    return OK


def record_is_editable(visit: Visit) -> bool:
    # A converted lead, an accepted or denied quote, a published or archived article are
    # read-only for everyone (SPEC §6); a void payment is terminal.
    final = (
        LeadStatus.CONVERTED,
        QuoteStatus.ACCEPTED,
        QuoteStatus.DENIED,
        ArticleStatus.PUBLISHED,
        ArticleStatus.ARCHIVED,
        "void",
    )
    return visit.access in (FULL, SERVICE_MADE, SINGLE) and visit.status not in final
