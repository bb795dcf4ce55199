"""Quote transactions (SPEC §6). ``create_quote`` copies an opportunity's products into a
draft quote; ``present_quote`` / ``deny_quote`` are thin wrappers over the transition service;
``accept_quote`` also makes the quote the deal's final offer — in one transaction, the
opportunity row locked first, then the quote — by replacing the opportunity's line items with
the quote's. Lines change only while the quote is a draft (``save_quote_line`` /
``remove_quote_line`` lock the quote row)."""

import datetime

from django.db import transaction
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models.opportunities import Opportunity, Stage
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.models.quotes import QUOTE_LINES_LOCKED, Quote, QuoteLineItem, QuoteStatus
from crm.services.child_rows import check_unchanged
from crm.services.records import save_record
from crm.services.transitions import default_refusal, lock, transition

DEFAULT_VALIDITY_DAYS = 30
NO_PERMISSION = "You do not have permission to create quotes."
NO_LINE_PERMISSION = "You do not have permission to change the lines of '{record}'."
LOST_OPPORTUNITY = "'{name}' is Closed Lost: reopen it before quoting it."
NO_LINES = "'{name}' has no products yet: add at least one before creating a quote."
EXPIRED = "The expiration date cannot be in the past."
NEEDS_LINES = "Add at least one line to '{record}' before presenting it."
ALREADY_ACCEPTED = (
    "'{opportunity}' already has an accepted quote ({accepted}). "
    "An opportunity can have only one accepted quote."
)
OPPORTUNITY_LOST = "'{opportunity}' is Closed Lost: reopen it before accepting one of its quotes."
OPPORTUNITY_FULFILLED = (
    "'{opportunity}' already has an order or contract, so its products can no longer change."
)
CURRENCY_CHANGED = (
    "'{record}' is priced in {quote_currency} but '{opportunity}' is now in "
    "{opportunity_currency}; create a new quote instead."
)


def _refusal(quote: Quote, target: str, user) -> str:
    if target == QuoteStatus.PRESENTED and quote.is_draft and not quote.line_items.exists():
        return NEEDS_LINES.format(record=quote)
    return default_refusal(quote, target, user, field="status")


def _bill_to(opportunity: Opportunity):
    """The deal's primary contact, when it still belongs to the account and is active."""
    role = (
        OpportunityContactRole.objects.filter(
            opportunity=opportunity,
            is_primary=True,
            contact__is_active=True,
            contact__account_id=opportunity.account_id,
        )
        .select_related("contact")
        .first()
    )
    return role.contact if role is not None else None


@transaction.atomic
def create_quote(
    opportunity: Opportunity,
    *,
    user,
    name: str | None = None,
    expiration_date: datetime.date | None = None,
) -> Quote:
    """A draft quote with a copy of ``opportunity``'s line items, owned by ``user``."""
    if not user.has_perm("crm.add_quote"):
        raise BusinessRuleError(NO_PERMISSION)
    if expiration_date is not None and expiration_date < timezone.localdate():
        raise BusinessRuleError({"expiration_date": EXPIRED})
    locked = lock(opportunity)
    if locked.stage == Stage.CLOSED_LOST:
        raise BusinessRuleError(LOST_OPPORTUNITY.format(name=locked))
    lines = list(locked.line_items.order_by("created_at", "pk"))
    if not lines:
        raise BusinessRuleError(NO_LINES.format(name=locked))
    quote = Quote(
        name=(name or "").strip() or locked.name,
        opportunity=locked,
        account_id=locked.account_id,
        contact=_bill_to(locked),
        expiration_date=expiration_date
        or timezone.localdate() + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS),
        currency=locked.currency,
        owner=user,
    )
    save_record(quote, user=user)
    for line in lines:
        copy = QuoteLineItem(
            quote=quote,
            product_id=line.product_id,
            quantity=line.quantity,
            sale_price=line.sale_price,
            description=line.description,
        )
        # Already validated on the opportunity (a product deactivated since stays quoted).
        save_record(copy, user=user, validate=False)
    return quote


def present_quote(quote: Quote, *, user, version: int | None = None) -> Quote:
    """Draft → Presented: the quote went to the customer; its lines are frozen."""
    return transition(
        quote,
        field="status",
        target=QuoteStatus.PRESENTED,
        user=user,
        version=version,
        refusal=_refusal,
    )


def deny_quote(quote: Quote, *, user, version: int | None = None) -> Quote:
    """Presented → Denied: the customer declined; the quote becomes read-only."""
    return transition(quote, field="status", target=QuoteStatus.DENIED, user=user, version=version)


@transaction.atomic
def accept_quote(quote: Quote, *, user, version: int | None = None) -> Quote:
    """Presented → Accepted, and the opportunity's products become the quote's lines.

    Locks the opportunity row, then the quote (the order every writer of this deal uses), so
    two quotes of one deal can never both be accepted; the partial unique constraint
    ``quote_one_accepted_per_opportunity`` backs this up in the database."""
    opportunity = lock(Opportunity(pk=quote.opportunity_id))

    def guard(locked: Quote) -> None:
        if locked.status != QuoteStatus.PRESENTED:
            return  # the transition service explains it
        accepted = (
            Quote.objects.filter(opportunity=opportunity, status=QuoteStatus.ACCEPTED)
            .exclude(pk=locked.pk)
            .first()
        )
        if accepted is not None:
            raise BusinessRuleError(
                ALREADY_ACCEPTED.format(opportunity=opportunity, accepted=accepted.number)
            )
        if opportunity.stage == Stage.CLOSED_LOST:
            raise BusinessRuleError(OPPORTUNITY_LOST.format(opportunity=opportunity))
        if opportunity.has_fulfilment_records():
            raise BusinessRuleError(OPPORTUNITY_FULFILLED.format(opportunity=opportunity))
        if locked.currency != opportunity.currency:
            raise BusinessRuleError(
                CURRENCY_CHANGED.format(
                    record=locked,
                    quote_currency=locked.currency,
                    opportunity=opportunity,
                    opportunity_currency=opportunity.currency,
                )
            )

    accepted = transition(
        quote,
        field="status",
        target=QuoteStatus.ACCEPTED,
        user=user,
        version=version,
        guard=guard,
    )
    _replace_opportunity_lines(opportunity, accepted, user=user)
    return accepted


def _replace_opportunity_lines(opportunity: Opportunity, quote: Quote, *, user) -> None:
    """Delete the deal's lines (with history) and write the quote's in their place."""
    for old in OpportunityLineItem.objects.filter(opportunity=opportunity).order_by("pk"):
        old._history_user = user
        old.delete()
    for line in QuoteLineItem.objects.filter(quote=quote).order_by("created_at", "pk"):
        new = OpportunityLineItem(
            opportunity=opportunity,
            product_id=line.product_id,
            quantity=line.quantity,
            sale_price=line.sale_price,
            description=line.description,
        )
        new._history_user = user
        new.save()


def _lock_draft(quote_id: int, *, user) -> Quote:
    quote = lock(Quote(pk=quote_id))
    if not user.has_perm("crm.change_quote"):
        raise BusinessRuleError(NO_LINE_PERMISSION.format(record=quote))
    if not quote.is_draft:
        raise BusinessRuleError(QUOTE_LINES_LOCKED)
    return quote


@transaction.atomic
def save_quote_line(line: QuoteLineItem, *, user, seen: int | None = None) -> QuoteLineItem:
    """Add or edit a line of a draft quote (blank price = the product's list price).
    ``seen``: the line's ``change_marker`` the editor read (crm.services.child_rows)."""
    line.quote = _lock_draft(line.quote_id, user=user)
    check_unchanged(line, seen=seen)
    return save_record(line, user=user)


@transaction.atomic
def remove_quote_line(line: QuoteLineItem, *, user, seen: int | None = None) -> None:
    _lock_draft(line.quote_id, user=user)
    check_unchanged(line, seen=seen)
    line._history_user = user
    line.delete()
