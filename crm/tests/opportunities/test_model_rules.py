"""Opportunity.clean refuses a *new* link to an inactive account or campaign (SPEC §4) for
every writer that validates the model (admin, import, service, shell), not only the admin's
form; an existing link to a record deactivated since stays valid."""

import pytest
from django.core.exceptions import ValidationError

from crm.models import Account, Campaign
from crm.models.accounts import INACTIVE_LINK
from crm.models.opportunities import Opportunity
from crm.tests.factories import AccountFactory, CampaignFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def errors_of(opportunity) -> dict:
    with pytest.raises(ValidationError) as refused:
        opportunity.full_clean(exclude=["stage"])
    return refused.value.message_dict


def test_new_opportunity_on_an_inactive_account_is_refused(sales_user):
    account = AccountFactory(name="Closed Shop", is_active=False, owner=sales_user)
    opportunity = Opportunity(name="Deal", account=account, owner=sales_user)
    assert errors_of(opportunity) == {
        "account": [INACTIVE_LINK.format(label="Account", record=account)]
    }


def test_new_opportunity_with_an_inactive_campaign_is_refused(sales_user):
    campaign = CampaignFactory(name="Old Webinar", is_active=False)
    opportunity = Opportunity(
        name="Deal", account=AccountFactory(), campaign=campaign, owner=sales_user
    )
    assert errors_of(opportunity) == {
        "campaign": [INACTIVE_LINK.format(label="Campaign", record=campaign)]
    }
    assert "is inactive; choose an active one" in errors_of(opportunity)["campaign"][0]


def test_changing_to_an_inactive_account_or_campaign_is_refused():
    opportunity = OpportunityFactory(campaign=CampaignFactory())
    opportunity.account = AccountFactory(is_active=False)
    opportunity.campaign = CampaignFactory(is_active=False)
    assert set(errors_of(opportunity)) == {"account", "campaign"}


def test_links_to_records_deactivated_since_are_kept_on_later_edits():
    opportunity = OpportunityFactory(campaign=CampaignFactory())
    Account.objects.filter(pk=opportunity.account_id).update(is_active=False)
    Campaign.objects.filter(pk=opportunity.campaign_id).update(is_active=False)
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    opportunity.name = "Renamed deal"
    opportunity.full_clean(exclude=["stage"])  # no error: nothing was newly linked
    opportunity.save()
    assert Opportunity.objects.get(pk=opportunity.pk).name == "Renamed deal"


def test_active_links_are_accepted(sales_user):
    opportunity = Opportunity(
        name="Deal", account=AccountFactory(), campaign=CampaignFactory(), owner=sales_user
    )
    opportunity.full_clean(exclude=["stage"])
