"""convert_lead checks the chosen account and contact under the lock, on the rows as they are
now (not as they were when the conversion page was opened), and carries the lead's campaign."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from crm.errors import BusinessRuleError
from crm.models import Account, Contact, Lead, LeadStatus, Opportunity
from crm.services.leads import CONTACT_NOT_IN_ACCOUNT, INACTIVE_CHOICE, convert_lead
from crm.services.records import deactivate
from crm.tests.factories import AccountFactory, AdminUserFactory, ContactFactory, LeadFactory
from crm.tests.leads.test_convert_lead import counts

pytestmark = pytest.mark.django_db


def test_account_deactivated_after_the_page_loaded_is_refused(lead, sales_user):
    chosen = AccountFactory(name="Brightside Bakery", owner=sales_user)  # as the page saw it
    Account.objects.filter(pk=chosen.pk).update(is_active=False)  # someone deactivates it
    before, history_before = counts(), lead.history.count()

    with pytest.raises(BusinessRuleError) as refused:
        convert_lead(lead, user=sales_user, opportunity_name="Shop", account=chosen)

    assert refused.value.messages == [INACTIVE_CHOICE.format(label="Account", record=chosen)]
    assert counts() == before
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED and lead.history.count() == history_before


def test_contact_deactivated_after_the_page_loaded_is_refused(lead, sales_user):
    account = AccountFactory(owner=sales_user)
    chosen = ContactFactory(account=account)
    Contact.objects.filter(pk=chosen.pk).update(is_active=False)
    before = counts()

    with pytest.raises(BusinessRuleError) as refused:
        convert_lead(
            lead, user=sales_user, opportunity_name="Shop", account=account, contact=chosen
        )

    assert refused.value.messages == [INACTIVE_CHOICE.format(label="Contact", record=chosen)]
    assert counts() == before and Lead.objects.get(pk=lead.pk).status == LeadStatus.QUALIFIED


def test_contact_moved_to_another_account_after_the_page_loaded_is_refused(lead, sales_user):
    account, elsewhere = AccountFactory(owner=sales_user), AccountFactory(owner=sales_user)
    chosen = ContactFactory(account=account)
    Contact.objects.filter(pk=chosen.pk).update(account=elsewhere)
    before = counts()

    with pytest.raises(BusinessRuleError) as refused:
        convert_lead(
            lead, user=sales_user, opportunity_name="Shop", account=account, contact=chosen
        )

    assert refused.value.messages == [
        CONTACT_NOT_IN_ACCOUNT.format(contact=chosen, contact_account=elsewhere, account=account)
    ]
    assert counts() == before


def test_the_result_holds_the_rows_read_under_the_lock(lead, sales_user):
    chosen = AccountFactory(name="Old name", owner=sales_user)
    Account.objects.filter(pk=chosen.pk).update(name="Brightside Bakery Ltd")

    result = convert_lead(lead, user=sales_user, opportunity_name="Shop", account=chosen)

    assert result.account.name == "Brightside Bakery Ltd"
    assert result.contact.account_id == chosen.pk


def test_a_campaign_deactivated_since_stays_the_converted_deals_source(lead, sales_user, campaign):
    deactivate(campaign, user=AdminUserFactory())

    result = convert_lead(lead, user=sales_user, opportunity_name="Shop")

    assert Opportunity.objects.get(pk=result.opportunity.pk).campaign_id == campaign.pk


@pytest.mark.django_db(transaction=True)
def test_a_deactivation_committing_during_the_conversion_is_seen(postgres_only, sales_user):
    """The deactivation holds the account row; the conversion waits for it, then re-reads the
    account and refuses instead of linking new records to an inactive account."""
    lead = LeadFactory(company="Race Co", owner=sales_user)
    chosen = AccountFactory(name="Race Co", owner=sales_user)  # as the page saw it
    admin = AdminUserFactory()
    holding = threading.Event()

    def deactivate_slowly():
        close_old_connections()
        try:
            with transaction.atomic():
                row = Account.objects.select_for_update().get(pk=chosen.pk)
                deactivate(row, user=admin)
                holding.set()
                time.sleep(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=deactivate_slowly)
    thread.start()
    assert holding.wait(timeout=10)
    try:
        with pytest.raises(BusinessRuleError) as refused:
            convert_lead(lead, user=sales_user, opportunity_name="Deal", account=chosen)
    finally:
        thread.join()

    assert refused.value.messages == [INACTIVE_CHOICE.format(label="Account", record=chosen)]
    assert (Contact.objects.count(), Opportunity.objects.count()) == (0, 0)
    assert Lead.objects.get(pk=lead.pk).status == lead.status
