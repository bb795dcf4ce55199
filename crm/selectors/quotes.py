"""Read queries for quotes: the list, the related lists on opportunity and account pages,
the quote's lines and the printable page (totals annotated, no per-row query)."""

from django.db.models import QuerySet

from crm.models import Account, Opportunity
from crm.models.quotes import Quote, QuoteLineItem, QuoteStatus, parse_number


def quotes_list() -> QuerySet[Quote]:
    return Quote.objects.with_total().select_related("opportunity", "account", "owner")


def search_by_number(queryset: QuerySet[Quote], term: str) -> QuerySet[Quote]:
    """The quotes whose number is ``term`` (``Q-000042``, ``q-42``, ``42``), else none."""
    pk = parse_number(term)
    return queryset.filter(pk=pk) if pk is not None else queryset.none()


def opportunity_quotes(opportunity: Opportunity) -> QuerySet[Quote]:
    """The deal's quotes with their totals, newest first."""
    return (
        Quote.objects.filter(opportunity=opportunity)
        .with_total()
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def account_quotes(account: Account) -> QuerySet[Quote]:
    """Every quote made for the account, newest first."""
    return (
        Quote.objects.filter(account=account)
        .with_total()
        .select_related("opportunity")
        .order_by("-created_at", "-pk")
    )


def quote_lines(quote: Quote) -> QuerySet[QuoteLineItem]:
    """The quote's lines in the order they were added."""
    return (
        QuoteLineItem.objects.filter(quote=quote)
        .select_related("product")
        .order_by("created_at", "pk")
    )


def printable_quote(pk: int) -> Quote | None:
    """A quote with its total, account, bill-to contact and owner (one query)."""
    return (
        Quote.objects.with_total()
        .select_related("account", "contact", "opportunity", "owner")
        .filter(pk=pk)
        .first()
    )


def has_other_accepted_quote(quote: Quote) -> bool:
    """Whether another quote of the same opportunity was already accepted."""
    return (
        Quote.objects.filter(opportunity_id=quote.opportunity_id, status=QuoteStatus.ACCEPTED)
        .exclude(pk=quote.pk)
        .exists()
    )
