"""Fixtures for the lead tests: a qualified lead with every mapped field filled in."""

import pytest

from crm.models import Lead, LeadStatus
from crm.tests.factories import CampaignFactory, LeadFactory


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def set_status(lead: Lead, status: str) -> Lead:
    """Put a test lead straight into ``status`` (bypassing the machine, like a fixture)."""
    Lead.objects.filter(pk=lead.pk).update(status=status)
    lead.refresh_from_db()
    return lead


@pytest.fixture
def campaign(sales_user):
    return CampaignFactory(name="Spring Webinar", owner=sales_user)


@pytest.fixture
def lead(sales_user, campaign):
    lead = LeadFactory(
        first_name="Nia",
        last_name="Obi",
        company="Brightside Bakery",
        title="Owner",
        email="nia@brightside.example",
        phone="(555) 010-2000",
        website="brightside.example",
        lead_source="referral",
        industry="food_and_beverage",
        address_street="12 Baker Street",
        address_city="Denver",
        address_state="CO",
        address_postal_code="80202",
        address_country="USA",
        description="Wants a new online shop.",
        campaign=campaign,
        owner=sales_user,
    )
    return set_status(lead, LeadStatus.QUALIFIED)
