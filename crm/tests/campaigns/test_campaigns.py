"""Campaigns: metrics and ROI against hand-computed values, member rules in the database,
membership service, the record page and list query budgets."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models import Campaign, CampaignMember, CampaignStatus, LeadStatus
from crm.selectors.campaigns import campaign_roi, roi, with_metrics
from crm.services.campaigns import add_members
from crm.services.leads import convert_lead
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    CampaignFactory,
    CampaignMemberFactory,
    ContactFactory,
    LeadFactory,
    LineItemFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db
CAMPAIGNS = "/crm/campaign/"


def won_deal(campaign, user, *, amounts, currency="USD"):
    opportunity = OpportunityFactory(campaign=campaign, currency=currency)
    for quantity, price in amounts:
        LineItemFactory(
            opportunity=opportunity,
            quantity=Decimal(quantity),
            sale_price=Money(price, currency),
        )
    change_stage(opportunity, stage="closed_won", user=user)
    return opportunity


@pytest.fixture
def busy_campaign(sales_user):
    """4 lead members (1 converted, 2 responded), 2 contacts (1 responded), deals: 2 won
    ($3,000 + $1,500 in USD, plus one in EUR not summed), 1 open, 1 lost; actual cost $1,200."""
    campaign = CampaignFactory(actual_cost=Money("1200.00", "USD"), owner=sales_user)
    leads = LeadFactory.create_batch(4, owner=sales_user)
    for index, lead in enumerate(leads):
        CampaignMemberFactory(
            campaign=campaign, lead=lead, status="responded" if index < 2 else "sent"
        )
    convert_lead(leads[0], user=sales_user, opportunity_name="Converted deal")
    for index, contact in enumerate(ContactFactory.create_batch(2)):
        CampaignMemberFactory(
            campaign=campaign, lead=None, contact=contact, status="sent" if index else "responded"
        )
    won_deal(campaign, sales_user, amounts=[("2", "1000"), ("1", "1000")])
    won_deal(campaign, sales_user, amounts=[("3", "500")])
    won_deal(campaign, sales_user, amounts=[("1", "9999")], currency="EUR")
    OpportunityFactory(campaign=campaign)
    change_stage(
        OpportunityFactory(campaign=campaign),
        stage="closed_lost",
        user=sales_user,
        loss_reason="price",
    )
    CampaignMemberFactory()  # another campaign's member is not counted
    return campaign


def test_metrics_and_roi_match_hand_computed_values(busy_campaign):
    campaign = with_metrics().get(pk=busy_campaign.pk)
    assert (
        campaign.lead_count,
        campaign.converted_lead_count,
        campaign.contact_count,
        campaign.response_count,
    ) == (4, 1, 2, 3)
    # 3 won + 1 open + 1 lost + the deal created by converting the first lead (its campaign
    # is the lead's campaign only when the lead had one: here it had none).
    assert (campaign.opportunity_count, campaign.won_opportunity_count) == (5, 3)
    assert campaign.won_amount == Decimal("4500.00")
    # (4500 − 1200) / 1200 = 2.75
    assert campaign_roi(campaign) == Decimal("2.75")


def test_roi_is_none_without_cost_and_negative_when_losing_money():
    assert roi(won_amount=Decimal("500"), actual_cost=Decimal("0")) is None
    assert roi(won_amount=Decimal("500"), actual_cost=Decimal("1000")) == Decimal("-0.5")


def test_empty_campaign_has_zero_metrics():
    campaign = with_metrics().get(pk=CampaignFactory(actual_cost=Money("0", "USD")).pk)
    assert (campaign.lead_count, campaign.won_amount, campaign_roi(campaign)) == (0, 0, None)


def test_member_is_exactly_one_person_in_the_database():
    campaign, lead, contact = CampaignFactory(), LeadFactory(), ContactFactory()
    for person in ({}, {"lead": lead, "contact": contact}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CampaignMember.objects.create(campaign=campaign, **person)
    with pytest.raises(ValidationError):
        CampaignMember(campaign=campaign).full_clean()


def test_a_person_joins_a_campaign_once():
    member = CampaignMemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignMember.objects.create(campaign=member.campaign, lead=member.lead)
    contact = ContactFactory()
    CampaignMember.objects.create(campaign=member.campaign, contact=contact)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignMember.objects.create(campaign=member.campaign, contact=contact)


def test_responded_at_follows_the_status():
    member = CampaignMemberFactory(status="responded")
    member.full_clean()
    assert member.responded_at is not None
    member.status = "sent"
    member.full_clean()
    assert member.responded_at is None
    sent = CampaignMemberFactory(status="sent")
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignMember.objects.filter(pk=sent.pk).update(responded_at=sent.created_at)


def test_add_members_skips_duplicates_and_refuses_converted_leads(sales_user):
    campaign = CampaignFactory()
    fresh, converted = LeadFactory(owner=sales_user), LeadFactory(owner=sales_user)
    convert_lead(converted, user=sales_user, opportunity_name="Deal")
    add_members(campaign, user=sales_user, leads=[fresh])
    result = add_members(campaign, user=sales_user, leads=[fresh, converted])
    assert (result.added, result.already) == (0, 1)
    assert "has been converted" in result.refused[0]
    assert CampaignMember.objects.filter(campaign=campaign).count() == 1


def test_inactive_campaign_takes_no_members(sales_user):
    campaign = CampaignFactory(is_active=False)
    with pytest.raises(BusinessRuleError):
        add_members(campaign, user=sales_user, leads=[LeadFactory()])


def test_campaign_money_shares_one_currency(sales_user):
    campaign = CampaignFactory.build(
        owner=sales_user, actual_cost=Money("10", "EUR"), budgeted_cost=Money("10", "USD")
    )
    with pytest.raises(ValidationError) as excinfo:
        campaign.full_clean()
    assert "same currency" in str(excinfo.value)


def test_record_page_shows_metrics_and_its_queries_do_not_grow(sales_client, busy_campaign):
    url = f"{CAMPAIGNS}{busy_campaign.pk}/change/?tab=related"
    sales_client.get(url)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        response = sales_client.get(url)
    html = response.content.decode()
    assert "275.0%" in html and "$4,500.00" in html
    assert 'data-related-list="members"' in html and 'data-related-list="opportunities"' in html
    for lead in LeadFactory.create_batch(20):
        CampaignMemberFactory(campaign=busy_campaign, lead=lead)
    with CaptureQueriesContext(connection) as many:
        sales_client.get(url)
    assert len(many) == len(few)


def test_list_query_count_does_not_grow_with_rows(sales_client, sales_user):
    def queries_for(total):
        CampaignFactory.create_batch(total - Campaign.objects.count(), owner=sales_user)
        with CaptureQueriesContext(connection) as captured:
            response = sales_client.get(CAMPAIGNS)
        assert len(response.context["cl"].result_list) == total
        return len(captured)

    assert queries_for(5) == queries_for(50)


def test_the_list_reads_only_the_metrics_it_shows_and_the_record_page_all(sales_client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    CampaignMemberFactory(campaign=campaign)
    response = sales_client.get(CAMPAIGNS, {"view": "all"})
    [row] = response.context["cl"].result_list
    assert (row.lead_count, row.response_count, row.won_amount) == (1, 0, 0)
    assert not hasattr(row, "converted_lead_count")  # a subquery per row the list never shows
    record = sales_client.get(f"{CAMPAIGNS}{campaign.pk}/change/").context["original"]
    assert (record.lead_count, record.contact_count, record.won_opportunity_count) == (1, 0, 0)


def test_remove_member_from_the_campaign_page(sales_client):
    member = CampaignMemberFactory()
    url = f"{CAMPAIGNS}{member.campaign_id}/members/{member.pk}/remove/"
    assert "Remove" in sales_client.get(url).content.decode()
    response = sales_client.post(url, follow=True)
    assert f"'{member.lead}' was removed from campaign '{member.campaign}'." in [
        str(m) for m in response.context["messages"]
    ]
    assert not CampaignMember.objects.exists()


def test_path_starts_and_abort_asks_first(sales_client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    sales_client.post(f"{CAMPAIGNS}{campaign.pk}/path/in_progress/", {"version": 1})
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.IN_PROGRESS
    assert (
        "cannot be restarted"
        in sales_client.get(f"{CAMPAIGNS}{campaign.pk}/abort/").content.decode()
    )
    sales_client.post(f"{CAMPAIGNS}{campaign.pk}/abort/", {"version": 2})
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.ABORTED
    html = sales_client.get(f"{CAMPAIGNS}{campaign.pk}/change/").content.decode()
    assert 'data-stage="aborted"' in html


def test_converted_lead_opportunity_gets_the_campaign(sales_user):
    campaign = CampaignFactory()
    lead = LeadFactory(campaign=campaign, owner=sales_user)
    result = convert_lead(lead, user=sales_user, opportunity_name="From webinar")
    assert result.opportunity.campaign == campaign
    assert with_metrics().get(pk=campaign.pk).opportunity_count == 1
    assert result.lead.status == LeadStatus.CONVERTED
