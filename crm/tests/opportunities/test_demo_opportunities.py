"""Demo data: every open opportunity (including those from converted leads) has line items
and a non-zero amount; running the demo twice adds nothing."""

import pytest
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models.opportunities import Opportunity
from crm.models.opportunity_lines import OpportunityLineItem
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_seeders(admin, sales):
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)


def test_every_open_demo_opportunity_has_lines_and_an_amount():
    admin, sales = AdminUserFactory(), UserFactory()
    run_seeders(admin, sales)
    open_deals = Opportunity.objects.open().with_amount()
    from_leads = open_deals.filter(converted_leads__isnull=False)
    assert from_leads.exists()  # conversions are covered, not only the seeded deals
    assert [deal.name for deal in open_deals if not deal.line_items.exists()] == []
    assert [deal.name for deal in open_deals if not deal.amount > 0] == []

    lines = OpportunityLineItem.objects.count()
    run_seeders(admin, sales)
    assert OpportunityLineItem.objects.count() == lines
