"""Every link the admin limits to active records (``active_link_fields``) is also refused by
the model itself, so imports, services and the shell obey the same rule (SPEC §4). A new
admin declaring such a field needs a case here, or this test says so."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from crm.models import Account, CampaignMember, Case, Contact, Opportunity
from crm.tests.factories import (
    AccountFactory,
    CampaignFactory,
    ContactFactory,
    LeadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _contact_reporting_to_an_inactive_colleague():
    account = AccountFactory()
    colleague = ContactFactory(account=account, is_active=False)
    return Contact(last_name="New", account=account, reports_to=colleague, owner=account.owner)


def _case_for_an_inactive_contact():
    account = AccountFactory()
    contact = ContactFactory(account=account, is_active=False)
    return Case(subject="New", account=account, contact=contact, owner=account.owner)


def _account_billed_to_an_inactive_contact():
    account = AccountFactory()
    account.billing_contact = ContactFactory(account=account, is_active=False)
    return account


# (model label, field) -> a new, unsaved record whose ``field`` links to an inactive record.
CASES = {
    ("crm.Account", "billing_contact"): _account_billed_to_an_inactive_contact,
    ("crm.Account", "parent"): lambda: Account(
        name="New", parent=AccountFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.Contact", "account"): lambda: Contact(
        last_name="New", account=AccountFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.Contact", "reports_to"): _contact_reporting_to_an_inactive_colleague,
    ("crm.Lead", "campaign"): lambda: LeadFactory.build(
        campaign=CampaignFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.Campaign", "parent"): lambda: CampaignFactory.build(
        parent=CampaignFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.CampaignMember", "campaign"): lambda: CampaignMember(
        campaign=CampaignFactory(is_active=False), lead=LeadFactory(), status="sent"
    ),
    ("crm.CampaignMember", "contact"): lambda: CampaignMember(
        campaign=CampaignFactory(), contact=ContactFactory(is_active=False), status="sent"
    ),
    ("crm.Case", "account"): lambda: Case(
        subject="New", account=AccountFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.Case", "contact"): _case_for_an_inactive_contact,
    ("crm.Opportunity", "account"): lambda: Opportunity(
        name="New", account=AccountFactory(is_active=False), owner=UserFactory()
    ),
    ("crm.Opportunity", "campaign"): lambda: Opportunity(
        name="New",
        account=AccountFactory(),
        campaign=CampaignFactory(is_active=False),
        owner=UserFactory(),
    ),
}


def declared_active_links() -> list[tuple[str, str]]:
    return sorted(
        (model._meta.label, field)
        for model, model_admin in admin.site._registry.items()
        for field in getattr(model_admin, "active_link_fields", ())
    )


def test_every_admin_active_link_has_a_model_level_case():
    declared = declared_active_links()
    assert len(declared) >= 8, declared  # the admins still declare their active links
    missing = [link for link in declared if link not in CASES]
    assert not missing, f"add a case (and a model clean() rule) for: {missing}"


@pytest.mark.parametrize("link", sorted(CASES), ids=lambda link: f"{link[0]}.{link[1]}")
def test_the_model_refuses_a_new_link_to_an_inactive_record(link):
    record = CASES[link]()
    field = link[1]
    with pytest.raises(ValidationError) as refused:
        record.full_clean(exclude=["stage", "status"])
    messages = refused.value.message_dict.get(field, [])
    assert any("is inactive" in message for message in messages), refused.value.message_dict
