"""POST /api/v1/web-to-lead/: a website form becomes exactly one lead in the key's campaign
(owner, source, membership), JSON or HTML form; the honeypot, the allow-list, unknown or
retired keys, the per-IP throttle and the return_url allow-list."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from api.kit.throttles import WebToLeadThrottle
from crm.models import CampaignMember, Lead, LeadSource, LeadStatus
from crm.services.web_to_lead import UNKNOWN_KEY, issue_web_to_lead_key
from crm.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
URL = reverse("api:web-to-lead")
FORM = {"first_name": "Wendy", "last_name": "Web", "company": "Webshop Ltd", "email": "w@web.io"}


@pytest.fixture
def campaign(sales_user):
    campaign = CampaignFactory(owner=sales_user)
    issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version)
    return campaign


def post(client, data, **kwargs):
    return client.post(URL, data, **kwargs)


def assert_one_web_lead(campaign):
    lead = Lead.objects.get()
    assert (lead.owner, lead.campaign, lead.lead_source) == (
        campaign.owner,
        campaign,
        LeadSource.WEB,
    )
    assert lead.status == LeadStatus.NEW
    assert (lead.first_name, lead.company, lead.email) == ("Wendy", "Webshop Ltd", "w@web.io")
    member = CampaignMember.objects.get()
    assert (member.campaign, member.lead) == (campaign, lead)
    history = lead.history.get()
    assert history.history_user == campaign.owner
    assert history.history_change_reason == "Web-to-lead form from 127.0.0.1"
    return lead


def test_json_post_creates_one_lead_in_the_campaign(anon_api, campaign):
    response = post(anon_api, {"key": campaign.web_to_lead_key, **FORM}, format="json")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert_one_web_lead(campaign)


@pytest.mark.parametrize("format", ["urlencoded", "multipart"])
def test_html_form_post_creates_one_lead(client, campaign, format):
    data = {"key": campaign.web_to_lead_key, **FORM, "fax_number": ""}
    if format == "urlencoded":
        response = client.post(
            URL, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post(URL, data)  # Django's test client: multipart/form-data
    assert response.status_code == 200, response.content
    assert_one_web_lead(campaign)


def test_filled_honeypot_answers_like_success_but_saves_nothing(anon_api, campaign):
    data = {"key": campaign.web_to_lead_key, **FORM, "fax_number": "+1 555 0100"}
    response = post(anon_api, data, format="json")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert not Lead.objects.exists()
    assert not CampaignMember.objects.exists()


def test_unknown_key_is_404_and_creates_nothing(anon_api, campaign):
    response = post(anon_api, {"key": "not-a-key", **FORM}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"] == UNKNOWN_KEY
    assert not Lead.objects.exists()


def test_inactive_campaign_is_404(anon_api, campaign):
    type(campaign).objects.filter(pk=campaign.pk).update(is_active=False)
    response = post(anon_api, {"key": campaign.web_to_lead_key, **FORM}, format="json")
    assert response.status_code == 404
    assert not Lead.objects.exists()


def test_unknown_field_is_400_naming_it(anon_api, campaign):
    data = {"key": campaign.web_to_lead_key, **FORM, "owner": 1, "status": "qualified"}
    response = post(anon_api, data, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"owner", "status"}
    assert "this form accepts only key, first_name" in response.json()["errors"]["owner"][0]
    assert not Lead.objects.exists()


@pytest.mark.parametrize("body", [[1, 2], "text", 3])
def test_a_body_that_is_no_object_is_400(anon_api, body):
    response = anon_api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Send the form's fields as one object."


def test_field_longer_than_the_model_allows_is_400(anon_api, campaign):
    data = {"key": campaign.web_to_lead_key, **FORM, "phone": "1" * 41}
    response = post(anon_api, data, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["phone"]
    assert not Lead.objects.exists()


def test_missing_required_field_is_400(anon_api, campaign):
    data = {"key": campaign.web_to_lead_key, "last_name": "Web"}
    response = post(anon_api, data, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["company"]


def test_model_rule_refuses_a_bad_email_with_422(anon_api, campaign):
    data = {"key": campaign.web_to_lead_key, **FORM, "email": "not-an-email"}
    response = post(anon_api, data, format="json")
    assert response.status_code == 422
    assert response.json()["errors"]["email"] == ["Enter a valid email address."]
    assert not Lead.objects.exists() and not CampaignMember.objects.exists()


def test_throttled_per_ip_after_the_rate(anon_api, campaign, monkeypatch):
    monkeypatch.setattr(WebToLeadThrottle, "THROTTLE_RATES", {"web_to_lead": "3/hour"})
    data = {"key": campaign.web_to_lead_key, **FORM}
    answers = [post(anon_api, data, format="json").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert Lead.objects.count() == 3
    other_ip = post(anon_api, data, format="json", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_return_url_redirects_only_to_allowed_hosts(anon_api, campaign, settings):
    settings.CRM_WEB_TO_LEAD_RETURN_HOSTS = ["www.agency.example"]
    data = {"key": campaign.web_to_lead_key, **FORM}
    allowed = "https://www.agency.example/thanks?x=1"
    response = post(anon_api, {**data, "return_url": allowed}, format="json")
    assert response.status_code == 303
    assert response["Location"] == allowed
    refused = ("https://evil.example/thanks", "/thanks", "javascript:alert(1)", "//evil.example")
    for other in refused:
        response = post(anon_api, {**data, "return_url": other}, format="json")
        assert response.status_code == 200, other
        assert response.json() == {"ok": True}
    assert Lead.objects.count() == 5


def test_honeypot_redirects_like_success(anon_api, campaign, settings):
    settings.CRM_WEB_TO_LEAD_RETURN_HOSTS = ["www.agency.example"]
    data = {"key": campaign.web_to_lead_key, **FORM, "fax_number": "x"}
    data["return_url"] = "https://www.agency.example/thanks"
    response = post(anon_api, data, format="json")
    assert response.status_code == 303
    assert not Lead.objects.exists()


def test_signed_in_credentials_are_ignored(sales_api, campaign):
    """No authentication runs here: a token does not change who answers for the lead."""
    response = post(sales_api, {"key": campaign.web_to_lead_key, **FORM}, format="json")
    assert response.status_code == 200
    assert_one_web_lead(campaign)
