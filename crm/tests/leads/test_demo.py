"""The demo leads and campaigns: every status and source, real conversions, campaigns with
members, costs and won deals; safe to run twice."""

import pytest
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models import Account, Campaign, CampaignMember, Lead, LeadStatus
from crm.selectors.campaigns import with_metrics
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_seeders(admin, sales):
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)


def test_demo_leads_and_campaigns_are_seeded_once():
    admin, sales = AdminUserFactory(), UserFactory()
    run_seeders(admin, sales)
    accounts = Account.objects.count()
    run_seeders(admin, sales)
    assert Account.objects.count() == accounts
    assert 55 <= Lead.objects.count() <= 65
    assert set(Lead.objects.values_list("status", flat=True)) == set(LeadStatus.values)
    assert Lead.objects.values("lead_source").distinct().count() >= 8
    converted = Lead.objects.converted()
    assert converted.count() >= 10
    assert all(lead.converted_contact.account_id == lead.converted_account_id for lead in converted)
    # Two conversions used existing client accounts instead of duplicating them.
    # Conversions create prospects; two instead grew existing customer accounts.
    grown = Account.objects.filter(converted_leads__isnull=False, type="customer").distinct()
    assert grown.count() == 2
    campaigns = with_metrics().order_by("start_date")
    assert campaigns.count() == 4
    assert all(c.lead_count for c in campaigns)
    assert any(c.won_amount > 0 and c.actual_cost.amount > 0 for c in campaigns)
    assert CampaignMember.objects.filter(contact__isnull=False).exists()
    assert Campaign.objects.filter(status="completed").count() == 2
