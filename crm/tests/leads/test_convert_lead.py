"""crm.services.leads.convert_lead (SPEC §6): one transaction, mapped fields, no duplicates,
no half-conversions, exactly one winner when two people convert at once."""

import datetime
import threading

import pytest
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Account, Contact, Lead, LeadStatus, Opportunity
from crm.models.leads import CONVERT_THROUGH_SERVICE
from crm.models.opportunity_lines import OpportunityContactRole
from crm.services.leads import (
    ALREADY_CONVERTED,
    CONTACT_NEEDS_ITS_ACCOUNT,
    NO_CONVERT_PERMISSION,
    convert_lead,
    end_of_quarter,
)
from crm.tests.factories import AccountFactory, ContactFactory, UserFactory
from crm.tests.leads.conftest import set_status

pytestmark = pytest.mark.django_db


def counts():
    return (
        Account.objects.count(),
        Contact.objects.count(),
        Opportunity.objects.count(),
        OpportunityContactRole.objects.count(),
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 5, 17), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 31)),
        (datetime.date(2028, 2, 29), datetime.date(2028, 3, 31)),
    ],
)
def test_end_of_quarter(day, expected):
    assert end_of_quarter(day) == expected


def test_conversion_creates_one_of_each_with_the_mapped_fields(lead, sales_user, campaign):
    converter = UserFactory()  # converts on behalf of the lead's owner
    result = convert_lead(lead, user=converter, opportunity_name="Bakery online shop")

    assert counts() == (1, 1, 1, 1)
    account, contact, opportunity = result.account, result.contact, result.opportunity
    assert (result.account_created, result.contact_created) == (True, True)
    assert (account.name, account.industry, account.phone, account.website) == (
        "Brightside Bakery",
        "food_and_beverage",
        "(555) 010-2000",
        "brightside.example",
    )
    assert (account.billing_street, account.billing_city, account.billing_postal_code) == (
        "12 Baker Street",
        "Denver",
        "80202",
    )
    assert (contact.first_name, contact.last_name, contact.email, contact.title) == (
        "Nia",
        "Obi",
        "nia@brightside.example",
        "Owner",
    )
    assert (contact.account, contact.mailing_city, contact.mailing_state) == (
        account,
        "Denver",
        "CO",
    )
    assert (contact.lead_source, opportunity.lead_source) == ("referral", "referral")
    assert {account.owner, contact.owner, opportunity.owner} == {sales_user}
    assert (opportunity.name, opportunity.account, opportunity.campaign) == (
        "Bakery online shop",
        account,
        campaign,
    )
    assert (opportunity.stage, opportunity.probability) == ("qualifying", 10)
    assert opportunity.close_date == end_of_quarter(timezone.localdate())
    role = OpportunityContactRole.objects.get()
    assert (role.opportunity, role.contact, role.is_primary) == (opportunity, contact, True)

    stored = Lead.objects.get(pk=lead.pk)
    assert stored.status == LeadStatus.CONVERTED and stored.converted_at is not None
    assert (stored.converted_account, stored.converted_contact) == (account, contact)
    assert stored.converted_opportunity == opportunity
    assert lead.status == LeadStatus.CONVERTED  # the caller's instance sees it too
    assert stored.history.first().history_user == converter
    assert opportunity.history.get().history_user == converter


def test_existing_account_gets_only_the_missing_contact_and_opportunity(lead, sales_user):
    account = AccountFactory(name="Brightside Bakery Inc", owner=sales_user)
    result = convert_lead(lead, user=sales_user, opportunity_name="Shop", account=account)
    assert counts() == (1, 1, 1, 1)
    assert (result.account, result.contact.account, result.opportunity.account) == (
        account,
        account,
        account,
    )
    assert (result.account_created, result.contact_created) == (False, True)
    account.refresh_from_db()
    assert account.billing_street == ""  # an existing account is used, not overwritten


def test_existing_account_and_contact_create_only_the_opportunity(lead, sales_user):
    contact = ContactFactory(email="nia@brightside.example")
    result = convert_lead(
        lead,
        user=sales_user,
        opportunity_name="Shop",
        account=contact.account,
        contact=contact,
    )
    assert counts() == (1, 1, 1, 1)
    assert result.opportunity.contact_roles.get().contact == contact
    assert Lead.objects.get(pk=lead.pk).converted_contact == contact


def test_without_opportunity(lead, sales_user):
    result = convert_lead(lead, user=sales_user, opportunity_name="", create_opportunity=False)
    assert result.opportunity is None
    assert counts() == (1, 1, 0, 0)
    assert Lead.objects.get(pk=lead.pk).converted_opportunity is None


def test_fault_at_the_opportunity_step_rolls_everything_back(lead, sales_user, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Opportunity, "save", broken_save)
    with pytest.raises(DatabaseError):
        convert_lead(lead, user=sales_user, opportunity_name="Shop")
    assert counts() == (0, 0, 0, 0)
    stored = Lead.objects.get(pk=lead.pk)
    assert (stored.status, stored.converted_at, stored.version) == (LeadStatus.QUALIFIED, None, 1)
    assert lead.status == LeadStatus.QUALIFIED
    assert stored.history.count() == 1


def test_converting_twice_is_refused(lead, sales_user):
    convert_lead(lead, user=sales_user, opportunity_name="Shop")
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="Shop again")
    assert excinfo.value.messages == [ALREADY_CONVERTED]
    fresh = Lead.objects.get(pk=lead.pk)  # a fresh copy is refused just the same
    with pytest.raises(BusinessRuleError):
        convert_lead(fresh, user=sales_user, opportunity_name="Shop again")
    assert counts() == (1, 1, 1, 1)


def test_a_stale_copy_converted_elsewhere_is_refused_under_the_lock(lead, sales_user):
    stale = Lead.objects.get(pk=lead.pk)
    convert_lead(lead, user=sales_user, opportunity_name="Shop")
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(stale, user=sales_user, opportunity_name="Shop again")
    assert excinfo.value.messages == [ALREADY_CONVERTED]
    assert counts() == (1, 1, 1, 1)


def test_contact_must_belong_to_the_chosen_account(lead, sales_user):
    contact = ContactFactory(email="someone@else.example")
    other = AccountFactory()
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="X", account=other, contact=contact)
    assert f"'{contact}' works for {contact.account}, not for {other}" in excinfo.value.messages[0]
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="X", contact=contact)
    assert excinfo.value.messages == [
        CONTACT_NEEDS_ITS_ACCOUNT.format(contact=contact, contact_account=contact.account)
    ]
    assert counts() == (2, 1, 0, 0)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.QUALIFIED


def test_new_contact_with_a_taken_email_suggests_using_the_existing_one(lead, sales_user):
    existing = ContactFactory(email="NIA@brightside.example")
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="Shop")
    assert 'Pick it under "Choose existing contact"' in excinfo.value.messages[0]
    assert str(existing) in excinfo.value.messages[0]
    assert counts() == (1, 1, 0, 0)  # only the pre-existing account and contact


def test_unqualified_lead_must_be_reopened_first(lead, sales_user):
    set_status(lead, LeadStatus.UNQUALIFIED)
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="Shop")
    assert "reopen it before converting" in excinfo.value.messages[0]
    assert counts() == (0, 0, 0, 0)


def test_new_and_contacted_leads_convert_too(lead, sales_user):
    set_status(lead, LeadStatus.NEW)
    assert convert_lead(lead, user=sales_user, opportunity_name="Shop").lead.is_converted


def test_without_the_permission_nothing_happens(lead, sales_user):
    sales_user.groups.clear()
    sales_user = type(sales_user).objects.get(pk=sales_user.pk)
    with pytest.raises(BusinessRuleError) as excinfo:
        convert_lead(lead, user=sales_user, opportunity_name="Shop")
    assert excinfo.value.messages == [NO_CONVERT_PERMISSION]


def test_stale_version_from_the_conversion_page_is_refused(lead, sales_user):
    with pytest.raises(ConcurrencyError):
        convert_lead(lead, user=sales_user, opportunity_name="Shop", version=lead.version + 1)
    assert counts() == (0, 0, 0, 0)


def test_the_convert_transition_refuses_outside_the_service(lead):
    with pytest.raises(BusinessRuleError) as excinfo:
        lead.convert()
    assert excinfo.value.messages == [CONVERT_THROUGH_SERVICE]
    assert lead.status == LeadStatus.QUALIFIED


@pytest.mark.django_db(transaction=True)
def test_concurrent_conversions_on_postgres_exactly_one_wins(postgres_only, sales_user):
    from crm.tests.factories import LeadFactory

    lead = LeadFactory(company="Race Co", email="race@race.example", owner=sales_user)
    barrier = threading.Barrier(2)
    outcomes = []

    def convert(name):
        close_old_connections()
        copy = Lead.objects.get(pk=lead.pk)
        barrier.wait()
        try:
            convert_lead(copy, user=sales_user, opportunity_name=name)
            outcomes.append("converted")
        except BusinessRuleError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=convert, args=(f"Deal {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["converted", ALREADY_CONVERTED])
    assert counts() == (1, 1, 1, 1)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CONVERTED
