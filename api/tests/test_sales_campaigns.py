"""Campaigns and campaign members over the API: money fields, the status path, bulk adds with
the service's counts, member responses and removal (crm.services.campaigns)."""

import pytest
from djmoney.money import Money

from crm.models import Campaign, CampaignMember
from crm.models.marketing import MIXED_CURRENCIES
from crm.services.campaigns import INACTIVE_CAMPAIGN
from crm.services.transitions import REFUSED
from crm.tests.factories import (
    CampaignFactory,
    CampaignMemberFactory,
    ContactFactory,
    LeadFactory,
)

pytestmark = pytest.mark.django_db


def if_match(record) -> dict:
    return {"HTTP_IF_MATCH": f'"{record.version}"'}


def test_create_with_money_and_no_web_to_lead_key(sales_api, sales_user):
    body = {
        "name": "Autumn mailing",
        "type": "email",
        "budgeted_cost": {"amount": "1500.00", "currency": "USD"},
        "status": "completed",
        "web_to_lead_key": "sneaky",
    }
    refused = sales_api.post("/api/v1/campaigns/", body, format="json")
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"status", "web_to_lead_key"}
    assert not Campaign.objects.exists()
    del body["status"], body["web_to_lead_key"]
    response = sales_api.post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["budgeted_cost"] == {"amount": "1500.00", "currency": "USD"}
    assert data["status"] == "planned" and "web_to_lead_key" not in data
    campaign = Campaign.objects.get(pk=data["id"])
    assert campaign.web_to_lead_key is None and campaign.owner == sales_user
    detail = sales_api.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert "web_to_lead_key" not in detail and detail["lead_count"] == 0


def test_mixed_currencies_are_refused_by_the_model(sales_api, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    response = sales_api.patch(
        f"/api/v1/campaigns/{campaign.pk}/",
        {"actual_cost": {"amount": "10.00", "currency": "EUR"}},
        format="json",
        **if_match(campaign),
    )
    assert response.status_code == 422
    assert response.json()["errors"]["actual_cost"] == [MIXED_CURRENCIES]


def test_bad_money_is_400(sales_api):
    body = {"name": "X", "actual_cost": "12"}
    response = sales_api.post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["actual_cost"] == [
        'Send money as {"amount": "12.50", "currency": "USD"}.'
    ]


def test_status_action_follows_the_path(sales_api, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    url = f"/api/v1/campaigns/{campaign.pk}/status/"
    started = sales_api.post(url, {"status": "in_progress"}, format="json", **if_match(campaign))
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    back = sales_api.post(url, {"status": "planned"}, HTTP_IF_MATCH=started["ETag"])
    assert back.status_code == 422
    assert back.json()["detail"] == REFUSED.format(
        record=campaign, current="In Progress", target="Planned"
    )
    stale = sales_api.post(url, {"status": "aborted"}, **if_match(campaign))
    assert stale.status_code == 412


def test_filters_and_deactivation(sales_api, admin_api, sales_user):
    mine = CampaignFactory(owner=sales_user, type="email")
    CampaignFactory(type="webinar")
    rows = sales_api.get("/api/v1/campaigns/", {"type": "email"}).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    off = sales_api.post(f"/api/v1/campaigns/{mine.pk}/deactivate/", **if_match(mine))
    assert off.status_code == 200 and off.json()["is_active"] is False
    inactive = sales_api.get("/api/v1/campaigns/", {"is_active": "false"}).json()["results"]
    assert [row["id"] for row in inactive] == [mine.pk]
    back = admin_api.post(f"/api/v1/campaigns/{mine.pk}/reactivate/", HTTP_IF_MATCH=off["ETag"])
    assert back.status_code == 200 and back.json()["is_active"] is True


def test_add_members_answers_the_counts(sales_api, sales_user):
    campaign = CampaignFactory()
    leads = LeadFactory.create_batch(2)
    contact = ContactFactory()
    already = CampaignMemberFactory(campaign=campaign, lead=leads[0])
    inactive = ContactFactory(is_active=False)
    body = {
        "leads": [lead.pk for lead in leads],
        "contacts": [contact.pk, inactive.pk],
        "status": "responded",
    }
    response = sales_api.post(f"/api/v1/campaigns/{campaign.pk}/members/", body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["added"], data["already"], len(data["refused"])) == (2, 1, 1)
    assert str(inactive) in data["refused"][0]
    members = CampaignMember.objects.filter(campaign=campaign).exclude(pk=already.pk)
    assert {m.status for m in members} == {"responded"}


def test_add_members_to_an_inactive_campaign_is_refused(sales_api):
    campaign = CampaignFactory(is_active=False)
    lead = LeadFactory()
    url = f"/api/v1/campaigns/{campaign.pk}/members/"
    response = sales_api.post(url, {"leads": [lead.pk]}, format="json")
    assert response.status_code == 422
    assert response.json()["detail"] == INACTIVE_CAMPAIGN.format(campaign=campaign)
    assert not CampaignMember.objects.exists()


def test_member_list_filter_patch_and_remove(sales_api):
    campaign = CampaignFactory()
    member = CampaignMemberFactory(campaign=campaign)
    CampaignMemberFactory()
    rows = sales_api.get("/api/v1/campaign-members/", {"campaign": campaign.pk}).json()
    assert [row["id"] for row in rows["results"]] == [member.pk]
    url = f"/api/v1/campaign-members/{member.pk}/"
    etag = sales_api.get(url)["ETag"]
    answered = sales_api.patch(url, {"status": "responded"}, format="json", HTTP_IF_MATCH=etag)
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "responded" and answered.json()["responded_at"]
    stale = sales_api.post(f"{url}remove/", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    removed = sales_api.post(f"{url}remove/", HTTP_IF_MATCH=answered["ETag"])
    assert removed.status_code == 204
    assert not CampaignMember.objects.filter(pk=member.pk).exists()


def test_member_rows_cannot_move_or_be_created_directly(sales_api):
    member = CampaignMemberFactory()
    other = CampaignFactory()
    url = f"/api/v1/campaign-members/{member.pk}/"
    etag = sales_api.get(url)["ETag"]
    response = sales_api.patch(url, {"campaign": other.pk}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["campaign"]
    member.refresh_from_db()
    assert member.campaign_id != other.pk
    assert sales_api.post("/api/v1/campaign-members/", {}).status_code == 405


def test_query_counts(sales_api, sales_user, django_assert_num_queries):
    campaigns = CampaignFactory.create_batch(4, actual_cost=Money("5.00", "USD"))
    for campaign in campaigns:
        CampaignMemberFactory(campaign=campaign)
        CampaignMemberFactory(campaign=campaign, lead=None, contact=ContactFactory())
    with django_assert_num_queries(4):
        assert len(sales_api.get("/api/v1/campaigns/").json()["results"]) == 4
    with django_assert_num_queries(4):
        assert sales_api.get(f"/api/v1/campaigns/{campaigns[0].pk}/").json()["lead_count"] == 1
    with django_assert_num_queries(4):
        assert len(sales_api.get("/api/v1/campaign-members/").json()["results"]) == 8
