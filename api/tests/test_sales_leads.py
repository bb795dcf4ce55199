"""Leads over the API: CRU, filters, the status path and conversion end to end (every rule
and message is crm.services.leads')."""

import pytest

from crm.models import Account, Lead, Opportunity
from crm.models.leads import CONVERTED_READ_ONLY
from crm.services.leads import (
    ALREADY_CONVERTED,
    CONTACT_NEEDS_ITS_ACCOUNT,
    OPPORTUNITY_NAME_REQUIRED,
    USE_CONVERT,
)
from crm.tests.factories import AccountFactory, CampaignFactory, ContactFactory, LeadFactory

pytestmark = pytest.mark.django_db


def if_match(record) -> dict:
    return {"HTTP_IF_MATCH": f'"{record.version}"'}


def test_create_list_filter_and_search(sales_api, sales_user, colleague):
    campaign = CampaignFactory()
    body = {"last_name": "Lovelace", "company": "Analytical", "campaign": campaign.pk}
    created = sales_api.post("/api/v1/leads/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "new" and created.json()["owner"] == sales_user.pk
    LeadFactory(owner=colleague, company="Other Co")
    mine = sales_api.get("/api/v1/leads/", {"owner": sales_user.pk}).json()["results"]
    assert [row["company"] for row in mine] == ["Analytical"]
    by_campaign = sales_api.get("/api/v1/leads/", {"campaign": campaign.pk}).json()["results"]
    assert [row["id"] for row in by_campaign] == [created.json()["id"]]
    found = sales_api.get("/api/v1/leads/", {"search": "other"}).json()["results"]
    assert [row["company"] for row in found] == ["Other Co"]


def test_status_is_read_only_on_create_and_patch(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    url = f"/api/v1/leads/{lead.pk}/"
    refused = sales_api.patch(url, {"status": "qualified", "title": "CEO"}, **if_match(lead))
    assert refused.status_code == 400
    assert f"POST /api/v1/leads/{lead.pk}/status/" in refused.json()["errors"]["status"][0]
    response = sales_api.patch(url, {"title": "CEO"}, **if_match(lead))
    assert response.status_code == 200
    assert response.json()["status"] == "new" and response.json()["title"] == "CEO"


def test_status_action_moves_and_refuses(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    url = f"/api/v1/leads/{lead.pk}/status/"
    moved = sales_api.post(url, {"status": "contacted"}, format="json", **if_match(lead))
    assert moved.status_code == 200 and moved.json()["status"] == "contacted"
    assert moved["ETag"] == f'"{lead.version + 1}"'
    stale = sales_api.post(url, {"status": "qualified"}, format="json", **if_match(lead))
    assert stale.status_code == 412
    lead.refresh_from_db()
    refused = sales_api.post(url, {"status": "converted"}, format="json", **if_match(lead))
    assert refused.status_code == 422
    assert refused.json()["detail"] == USE_CONVERT.format(lead=lead)


def test_conversion_end_to_end(sales_api, sales_user):
    created = sales_api.post(
        "/api/v1/leads/",
        {"first_name": "Grace", "last_name": "Hopper", "company": "Cobol Inc", "email": "g@c.io"},
        format="json",
    )
    lead_url = f"/api/v1/leads/{created.json()['id']}/"
    qualified = sales_api.post(
        f"{lead_url}status/", {"status": "qualified"}, HTTP_IF_MATCH=created["ETag"]
    )
    assert qualified.status_code == 200
    converted = sales_api.post(
        f"{lead_url}convert/",
        {"opportunity_name": "Cobol website"},
        format="json",
        HTTP_IF_MATCH=qualified["ETag"],
    )
    assert converted.status_code == 200, converted.json()
    body = converted.json()
    assert body["status"] == "converted" and body["converted_at"]
    account = Account.objects.get(pk=body["converted_account"])
    assert account.name == "Cobol Inc" and account.owner == sales_user
    opportunity = Opportunity.objects.get(pk=body["converted_opportunity"])
    assert opportunity.name == "Cobol website" and opportunity.account == account
    role = opportunity.contact_roles.get()
    assert role.is_primary and role.contact_id == body["converted_contact"]
    assert role.contact.email == "g@c.io"
    # Converted leads are frozen: the model's message, as a 422.
    frozen = sales_api.patch(lead_url, {"title": "CTO"}, HTTP_IF_MATCH=converted["ETag"])
    assert frozen.status_code == 422
    assert frozen.json()["detail"] == CONVERTED_READ_ONLY
    again = sales_api.post(
        f"{lead_url}convert/", {"opportunity_name": "Again"}, HTTP_IF_MATCH=converted["ETag"]
    )
    assert again.status_code == 422 and again.json()["detail"] == ALREADY_CONVERTED
    moved = sales_api.post(
        f"{lead_url}status/", {"status": "unqualified"}, HTTP_IF_MATCH=converted["ETag"]
    )
    assert moved.status_code == 422 and moved.json()["detail"] == CONVERTED_READ_ONLY


def test_convert_into_existing_account_without_opportunity(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user, email="known@acme.io")
    account = AccountFactory(owner=sales_user)
    contact = ContactFactory(account=account, owner=sales_user)
    response = sales_api.post(
        f"/api/v1/leads/{lead.pk}/convert/",
        {"account": account.pk, "contact": contact.pk, "create_opportunity": False},
        format="json",
        **if_match(lead),
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["converted_account"], body["converted_contact"]) == (account.pk, contact.pk)
    assert body["converted_opportunity"] is None


def test_convert_refusals_are_the_service_messages(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    url = f"/api/v1/leads/{lead.pk}/convert/"
    nameless = sales_api.post(url, {"opportunity_name": "  "}, format="json", **if_match(lead))
    assert nameless.status_code == 422
    assert nameless.json()["detail"] == OPPORTUNITY_NAME_REQUIRED
    contact = ContactFactory()
    orphan = sales_api.post(
        url, {"contact": contact.pk, "opportunity_name": "X"}, format="json", **if_match(lead)
    )
    assert orphan.status_code == 422
    assert orphan.json()["detail"] == CONTACT_NEEDS_ITS_ACCOUNT.format(
        contact=contact, contact_account=contact.account
    )
    lead.refresh_from_db()
    assert lead.status == "new" and not Lead.objects.converted().exists()


def test_convert_needs_the_convert_permission(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user)
    sales_user.groups.first().permissions.remove(
        *sales_user.groups.first().permissions.filter(codename="convert_lead")
    )
    response = sales_api.post(
        f"/api/v1/leads/{lead.pk}/convert/", {"opportunity_name": "X"}, **if_match(lead)
    )
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.status == "new"


# Every token request costs 4 queries (token, its expiry check, two permission loads).
def test_list_and_detail_query_counts(sales_api, sales_user, django_assert_num_queries):
    leads = LeadFactory.create_batch(5, owner=sales_user)
    with django_assert_num_queries(4):
        response = sales_api.get("/api/v1/leads/")
    assert len(response.json()["results"]) == 5
    with django_assert_num_queries(4):
        assert sales_api.get(f"/api/v1/leads/{leads[0].pk}/").status_code == 200
