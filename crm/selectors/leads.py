"""Lead read queries: duplicate suggestions for the conversion page, a lead's campaign history,
and the lead source report ("where does our business come from?")."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Upper

from crm.models import Account, CampaignMember, Contact, Lead, LeadSource, LeadStatus, Opportunity
from crm.models.choices import lead_source_label
from crm.models.opportunities import Stage
from crm.models.opportunity_lines import OpportunityLineItem, line_total_expression

SUGGESTION_LIMIT = 5
# pg_trgm similarity above which an account name counts as "similar" (0 … 1): the
# extension's default ``pg_trgm.similarity_threshold``, used by the indexed ``%`` operator.
TRIGRAM_THRESHOLD = 0.3


@dataclass(frozen=True)
class ConversionSuggestions:
    accounts: list[Account]
    contacts: list[Contact]


def _has_trigram() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        return bool(cursor.fetchone()[0])


def similar_accounts(company: str, *, limit: int = SUGGESTION_LIMIT) -> list[Account]:
    """Active accounts named like ``company``: the same name in any case first, then names
    containing it, then (PostgreSQL with pg_trgm) names that look alike ("Brightside Bakery"
    for "Bright Side Bakery Ltd")."""
    name = (company or "").strip()
    if not name:
        return []
    accounts = Account.objects.active().select_related("owner")
    match = Q(name__iexact=name) | Q(name__icontains=name)
    order = ["-exact", "name", "pk"]
    if _has_trigram():
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        # ``UPPER(name) % UPPER(term)`` (similarity ≥ pg_trgm.similarity_threshold, 0.3 by
        # default) is answered by the trigram index on UPPER(name) (migration 0006); the
        # similarity is then computed for the matches only, to order them.
        accounts = accounts.annotate(similarity=TrigramSimilarity("name", name))
        match |= Q(TrigramSimilar(Upper("name"), Upper(Value(name))))
        order = ["-exact", "-similarity", "name", "pk"]
    exact = Case(When(name__iexact=name, then=Value(1)), default=Value(0))
    return list(
        accounts.filter(match).annotate(exact=exact).order_by(*order)[:limit],
    )


def contacts_with_email(email: str, *, limit: int = SUGGESTION_LIMIT) -> list[Contact]:
    if not (email or "").strip():
        return []
    return list(
        Contact.objects.active().with_email(email).select_related("account", "owner")[:limit]
    )


def conversion_suggestions(lead: Lead) -> ConversionSuggestions:
    """What the conversion page offers instead of creating duplicates (Salesforce's convert
    dialog): accounts with a similar name and contacts with the lead's email."""
    return ConversionSuggestions(
        accounts=similar_accounts(lead.company), contacts=contacts_with_email(lead.email)
    )


def lead_campaign_history(lead: Lead) -> QuerySet[CampaignMember]:
    return (
        CampaignMember.objects.filter(lead=lead)
        .select_related("campaign")
        .order_by("-created_at", "pk")
    )


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    leads: int
    converted: int
    won_deals: int
    won_amount: Decimal

    @property
    def conversion_rate(self) -> Decimal | None:
        """Converted leads per 100 leads, None when the source brought no lead."""
        if not self.leads:
            return None
        return (Decimal(self.converted) * 100 / self.leads).quantize(Decimal("0.1"))


def lead_source_report(
    *, since: datetime.date | None = None, currency: str | None = None
) -> list[SourceRow]:
    """One row per lead source: leads created (since ``since``), how many were converted, and
    the won deals with that lead source (closed since ``since``) and their amount in
    ``currency`` (default currency; deals in other currencies are counted, not summed).
    Three grouped queries whatever the data volume; best sources first."""
    currency = currency or settings.CRM_DEFAULT_CURRENCY
    leads = Lead.objects.all()
    won = Opportunity.objects.filter(stage=Stage.CLOSED_WON)
    if since is not None:
        leads = leads.filter(created_at__date__gte=since)
        won = won.filter(close_date__gte=since)
    lead_counts = {
        row["lead_source"]: row
        for row in leads.order_by()
        .values("lead_source")
        .annotate(
            total=Count("pk"),
            converted=Count("pk", filter=Q(status=LeadStatus.CONVERTED)),
        )
    }
    won_counts = dict(
        won.order_by().values("lead_source").annotate(n=Count("pk")).values_list("lead_source", "n")
    )
    won_amounts = dict(
        OpportunityLineItem.objects.filter(opportunity__in=won, opportunity__currency=currency)
        .order_by()
        .values("opportunity__lead_source")
        .annotate(total=Sum(line_total_expression()))
        .values_list("opportunity__lead_source", "total")
    )
    rows = []
    for source in [*LeadSource.values, ""]:
        counts = lead_counts.get(source, {})
        row = SourceRow(
            source=source,
            label=lead_source_label(source),
            leads=counts.get("total", 0),
            converted=counts.get("converted", 0),
            won_deals=won_counts.get(source, 0),
            won_amount=Decimal(won_amounts.get(source) or 0).quantize(Decimal("0.01")),
        )
        if row.leads or row.won_deals or source:
            rows.append(row)
    return sorted(rows, key=lambda row: (-row.won_amount, -row.leads, row.label))
