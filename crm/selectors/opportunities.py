"""Read queries for opportunities shown on other records' pages (related lists), the lines an
action will copy, and why deals were lost (the loss report)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from crm.models import Account, Contact, Opportunity
from crm.models.opportunities import LossReason, Stage
from crm.models.opportunity_lines import (
    OpportunityContactRole,
    OpportunityLineItem,
    line_total_expression,
)

NOT_RECORDED = "Not recorded"


def account_opportunities(account: Account) -> QuerySet[Opportunity]:
    """The account's deals with their computed amounts, open ones first by close date."""
    return (
        Opportunity.objects.filter(account=account)
        .with_amount()
        .select_related("owner")
        .order_by("close_date", "name", "pk")
    )


def contact_opportunities(contact: Contact) -> QuerySet[Opportunity]:
    """Deals in which the contact plays a role (Salesforce's "Opportunities" on a contact)."""
    return (
        Opportunity.objects.filter(contact_roles__contact=contact)
        .with_amount()
        .select_related("account")
        .order_by("close_date", "name", "pk")
    )


def opportunity_line_items(opportunity: Opportunity) -> QuerySet[OpportunityLineItem]:
    """The deal's products (its amount is their sum), in the order they were added."""
    return (
        OpportunityLineItem.objects.filter(opportunity=opportunity)
        .select_related("product")
        .order_by("created_at", "pk")
    )


def opportunity_contact_roles(opportunity: Opportunity) -> QuerySet[OpportunityContactRole]:
    """The people on the deal, the primary contact first."""
    return (
        OpportunityContactRole.objects.filter(opportunity=opportunity)
        .select_related("contact")
        .order_by("-is_primary", "contact__last_name", "pk")
    )


def opportunity_retainer_lines(opportunity: Opportunity) -> QuerySet[OpportunityLineItem]:
    """The deal's retainer products: what Generate Contract copies (per billing cycle)."""
    return opportunity_line_items(opportunity).filter(product__is_retainer_product=True)


@dataclass(frozen=True)
class LossRow:
    reason: str  # a LossReason value, "" for deals lost before the picklist
    label: str
    deals: int
    amount: Decimal


def loss_reason_report(*, since=None, currency: str) -> list[LossRow]:
    """Why deals were lost: per loss reason, the lost deals (closed since ``since``) and their
    amount in ``currency`` (deals in other currencies are counted, not summed). Two grouped
    queries; the most frequent reason first."""
    lost = Opportunity.objects.filter(stage=Stage.CLOSED_LOST)
    if since is not None:
        lost = lost.filter(close_date__gte=since)
    counts = dict(
        lost.order_by()
        .values("loss_reason")
        .annotate(n=Count("pk"))
        .values_list("loss_reason", "n")
    )
    amounts = dict(
        OpportunityLineItem.objects.filter(opportunity__in=lost, opportunity__currency=currency)
        .order_by()
        .values("opportunity__loss_reason")
        .annotate(total=Sum(line_total_expression()))
        .values_list("opportunity__loss_reason", "total")
    )
    rows = [
        LossRow(
            reason=value,
            label=str(label),
            deals=counts.get(value, 0),
            amount=Decimal(amounts.get(value) or 0).quantize(Decimal("0.01")),
        )
        for value, label in [*LossReason.choices, ("", NOT_RECORDED)]
        if value or counts.get(value)
    ]
    return sorted(rows, key=lambda row: (-row.deals, -row.amount, row.label))
