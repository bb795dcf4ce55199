"""A campaign's web-to-lead key: issued and rotated by admins or the campaign's owner (the
service and the record page's ▾ "Web-to-lead key" confirmation), shown with a ready-to-paste
form on the read view; a rotated key retires old forms; web leads go through the write path."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Campaign, CampaignMember, Lead
from crm.services.web_to_lead import (
    INACTIVE_CAMPAIGN,
    NOT_ALLOWED,
    UnknownWebToLeadKey,
    create_web_lead,
    issue_web_to_lead_key,
)
from crm.tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db
FORM = {"last_name": "Web", "company": "Webshop Ltd", "email": "w@web.io"}


def key_url(campaign) -> str:
    return reverse("admin:crm_campaign_web_to_lead_key_detail", args=[campaign.pk])


def test_owner_issues_a_random_url_safe_key_and_rotating_retires_the_old_one(sales_user):
    campaign = CampaignFactory(owner=sales_user)
    first = issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version)
    assert len(first) >= 32 and first.replace("-", "").replace("_", "").isalnum()
    assert campaign.web_to_lead_key == first and campaign.version == 2
    second = issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version)
    assert second != first
    with pytest.raises(UnknownWebToLeadKey):
        create_web_lead(key=first, data=FORM, ip="10.0.0.1")
    lead = create_web_lead(key=second, data=FORM, ip="10.0.0.1")
    assert lead.campaign == campaign and lead.owner == sales_user
    assert campaign.history.first().history_user == sales_user


def test_only_admins_and_the_owner_issue_keys(sales_user, crm_admin):
    campaign = CampaignFactory(owner=UserFactory())
    with pytest.raises(BusinessRuleError, match=NOT_ALLOWED):
        issue_web_to_lead_key(campaign, user=sales_user, version=None)
    assert issue_web_to_lead_key(campaign, user=crm_admin, version=None)


def test_stale_version_and_inactive_campaign_refuse(sales_user):
    campaign = CampaignFactory(owner=sales_user)
    with pytest.raises(ConcurrencyError):
        issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version + 1)
    Campaign.objects.filter(pk=campaign.pk).update(is_active=False)
    with pytest.raises(BusinessRuleError) as refused:
        issue_web_to_lead_key(campaign, user=sales_user, version=None)
    assert refused.value.messages == [INACTIVE_CAMPAIGN.format(campaign=campaign)]
    assert Campaign.objects.get(pk=campaign.pk).web_to_lead_key is None


def test_a_refused_lead_leaves_no_member_behind(sales_user):
    campaign = CampaignFactory(owner=sales_user)
    key = issue_web_to_lead_key(campaign, user=sales_user, version=None)
    with pytest.raises(BusinessRuleError):
        create_web_lead(key=key, data={**FORM, "email": "nope"}, ip=None)
    assert not Lead.objects.exists() and not CampaignMember.objects.exists()


def test_deactivated_owner_refuses_web_leads(sales_user):
    campaign = CampaignFactory(owner=sales_user)
    key = issue_web_to_lead_key(campaign, user=sales_user, version=None)
    type(sales_user).objects.filter(pk=sales_user.pk).update(is_active=False)
    with pytest.raises(BusinessRuleError, match="deactivated"):
        create_web_lead(key=key, data=FORM, ip=None)
    assert not Lead.objects.exists()


def test_admin_action_asks_then_issues_and_rotates_the_key(sales_client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    asked = sales_client.get(key_url(campaign))
    assert asked.status_code == 200 and b"Issue key" in asked.content
    done = sales_client.post(key_url(campaign), {"version": campaign.version}, follow=True)
    campaign.refresh_from_db()
    first = campaign.web_to_lead_key
    assert first
    toasts = [str(message) for message in done.context["messages"]]
    assert toasts == [f"Campaign '{campaign}' has a web-to-lead key."]
    asked = sales_client.get(key_url(campaign))
    assert b"Rotating retires every website form" in asked.content
    sales_client.post(key_url(campaign), {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.web_to_lead_key not in (None, first)
    api = Client()
    answer = api.post(reverse("api:web-to-lead"), {"key": first, **FORM})
    assert answer.status_code == 404
    answer = api.post(reverse("api:web-to-lead"), {"key": campaign.web_to_lead_key, **FORM})
    assert answer.status_code == 200


def test_admin_action_refuses_a_stale_page(sales_client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    response = sales_client.post(key_url(campaign), {"version": 7}, follow=True)
    toasts = [str(message) for message in response.context["messages"]]
    assert toasts and "modified by another user" in toasts[0]
    assert Campaign.objects.get(pk=campaign.pk).web_to_lead_key is None


def test_colleagues_campaign_offers_no_key_action(sales_client):
    campaign = CampaignFactory(owner=UserFactory())
    assert sales_client.get(key_url(campaign)).status_code == 403
    assert sales_client.post(key_url(campaign), {"version": 1}).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).web_to_lead_key is None


def test_read_view_shows_the_key_and_an_escaped_form_snippet(crm_admin_client, crm_admin):
    campaign = CampaignFactory()
    page = crm_admin_client.get(reverse("admin:crm_campaign_change", args=[campaign.pk]))
    assert "No key yet" in page.content.decode()
    key = issue_web_to_lead_key(campaign, user=crm_admin, version=None)
    page = crm_admin_client.get(reverse("admin:crm_campaign_change", args=[campaign.pk]))
    html = page.content.decode()
    assert f"<code>{key}</code>" in html
    action = f"{settings.CRM_SITE_URL}/api/v1/web-to-lead/"
    assert f"&lt;form action=&quot;{action}&quot; method=&quot;post&quot;&gt;" in html
    assert f"name=&quot;key&quot; value=&quot;{key}&quot;" in html
    assert "<form action=" not in html.split('class="crm-snippet"')[1].split("</pre>")[0]
    assert "Web-to-lead key" in html  # the ▾ menu entry
