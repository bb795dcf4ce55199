"""Read queries for opportunities shown on other records' pages (related lists)."""

from django.db.models import QuerySet

from crm.models import Account, Contact, Opportunity
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem


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
