"""The lead list: default view, filters, search, query budget, Add to campaign, the lead source
report."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.models import CampaignMember, LeadStatus
from crm.selectors.leads import lead_source_report
from crm.services.leads import convert_lead
from crm.services.opportunities import change_stage
from crm.tests.factories import CampaignFactory, ContactFactory, LeadFactory, LineItemFactory
from crm.tests.leads.conftest import messages_of, set_status

pytestmark = pytest.mark.django_db
LEADS = "/crm/lead/"


def names(response) -> set[str]:
    return {lead.last_name for lead in response.context["cl"].result_list}


def test_default_list_hides_converted_leads(sales_client, sales_user, lead):
    LeadFactory(last_name="Open", owner=sales_user)
    set_status(LeadFactory(last_name="Dropped", owner=sales_user), LeadStatus.UNQUALIFIED)
    convert_lead(lead, user=sales_user, opportunity_name="Shop")
    assert names(sales_client.get(LEADS)) == {"Open", "Dropped"}
    assert names(sales_client.get(f"{LEADS}?status=all")) == {"Open", "Dropped", "Obi"}
    assert names(sales_client.get(f"{LEADS}?status=converted")) == {"Obi"}
    assert names(sales_client.get(f"{LEADS}?status=open")) == {"Open"}


def test_my_open_leads_and_search(sales_client, sales_user):
    LeadFactory(last_name="Mine", company="Maple Dental", owner=sales_user)
    set_status(LeadFactory(last_name="MineDropped", owner=sales_user), LeadStatus.UNQUALIFIED)
    LeadFactory(last_name="Theirs", email="boss@maple.example")
    html = sales_client.get(LEADS).content.decode()
    assert "My open leads" in html
    assert names(sales_client.get(f"{LEADS}?owner=me")) == {"Mine"}
    assert names(sales_client.get(f"{LEADS}?q=maple")) == {"Mine", "Theirs"}


def test_list_query_count_does_not_grow_with_rows(sales_client, sales_user):
    def queries_for(total):
        missing = total - len(sales_client.get(LEADS).context["cl"].result_list)
        LeadFactory.create_batch(missing, owner=sales_user)
        with CaptureQueriesContext(connection) as captured:
            response = sales_client.get(LEADS)
        assert len(response.context["cl"].result_list) == total
        return len(captured)

    assert queries_for(5) == queries_for(50)


def test_add_to_campaign_from_the_lead_list(sales_client, sales_user):
    campaign = CampaignFactory(name="Autumn Webinar")
    leads = LeadFactory.create_batch(3, owner=sales_user)
    CampaignMember.objects.create(campaign=campaign, lead=leads[0])
    selected = {"action": "add_to_campaign", "_selected_action": [lead.pk for lead in leads]}
    form = sales_client.post(LEADS, selected)
    assert "Member status" in form.content.decode()
    response = sales_client.post(
        LEADS,
        {**selected, "apply": "1", "campaign": campaign.pk, "member_status": "responded"},
        follow=True,
    )
    assert "2 leads added to campaign 'Autumn Webinar'. 1 already in the campaign." in messages_of(
        response
    )
    members = CampaignMember.objects.filter(campaign=campaign)
    assert members.count() == 3
    assert members.filter(status="responded", responded_at__isnull=False).count() == 2


def test_add_to_campaign_from_the_contact_list(sales_client):
    campaign = CampaignFactory(name="Client Newsletter")
    contacts = ContactFactory.create_batch(2)
    response = sales_client.post(
        "/crm/contact/",
        {
            "action": "add_to_campaign",
            "_selected_action": [contact.pk for contact in contacts],
            "apply": "1",
            "campaign": campaign.pk,
            "member_status": "sent",
        },
        follow=True,
    )
    assert "2 contacts added to campaign 'Client Newsletter'." in messages_of(response)
    assert CampaignMember.objects.filter(contact__in=contacts).count() == 2


def test_lead_source_report_counts_conversions_and_won_amounts(sales_client, sales_user, lead):
    for status in (LeadStatus.NEW, LeadStatus.CONTACTED):
        set_status(LeadFactory(lead_source="referral", owner=sales_user), status)
    LeadFactory(lead_source="web", owner=sales_user)
    result = convert_lead(lead, user=sales_user, opportunity_name="Shop")  # a referral
    LineItemFactory(
        opportunity=result.opportunity, quantity=Decimal("2"), sale_price=Money("1500", "USD")
    )
    change_stage(result.opportunity, stage="closed_won", user=sales_user)

    rows = {row.source: row for row in lead_source_report()}
    referral = rows["referral"]
    assert (referral.leads, referral.converted, referral.won_deals) == (3, 1, 1)
    assert referral.conversion_rate == Decimal("33.3")
    assert referral.won_amount == Decimal("3000.00")
    assert (rows["web"].leads, rows["web"].conversion_rate) == (1, Decimal("0.0"))
    assert rows["trade_show"].conversion_rate is None
    assert lead_source_report()[0].source == "referral"  # best earner first

    page = sales_client.get(f"{LEADS}sources/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "33.3%" in html and "$3,000.00" in html
    assert f'href="{LEADS}?lead_source=referral&amp;status=all"' in html
    assert f'href="{LEADS}sources/"' in sales_client.get(LEADS).content.decode()


def test_lead_lookups_offer_unconverted_leads_only(sales_client, sales_user, lead):
    other = LeadFactory(last_name="Obi", owner=sales_user)
    convert_lead(lead, user=sales_user, opportunity_name="Shop")
    response = sales_client.get(
        "/autocomplete/",
        {"app_label": "crm", "model_name": "campaignmember", "field_name": "lead", "term": "Obi"},
    )
    assert response.status_code == 200
    assert [int(item["id"]) for item in response.json()["results"]] == [other.pk]
