"""Account / contact services: rules enforced, nothing written on refusal, versions checked."""

import pytest

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Account, Contact
from crm.models import accounts as rules
from crm.services import accounts as services
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_create_account_defaults_the_owner_and_records_the_user(sales_user):
    account = services.create_account(user=sales_user, name="  Ledgerly ", type="prospect")
    assert account.name == "Ledgerly"
    assert account.owner == sales_user
    assert account.history.get().history_user == sales_user


def test_create_account_with_a_cycle_is_refused_and_writes_nothing(sales_user):
    top = AccountFactory(name="Top")
    child = services.create_account(user=sales_user, name="Child", parent=top)
    with pytest.raises(BusinessRuleError) as caught:
        services.update_account(top, user=sales_user, parent=child)
    assert caught.value.message_dict["parent"] == [rules.PARENT_CYCLE.format(parent="Child")]
    top.refresh_from_db()
    assert top.parent is None and top.version == 1


def test_a_stale_update_saves_nothing(sales_user, account):
    services.update_account(account, user=sales_user, version=1, phone="(555) 010-1111")
    stale = Account.objects.get(pk=account.pk)
    stale.version = 1  # what a second user read before the first one saved
    with pytest.raises(ConcurrencyError):
        services.update_account(stale, user=sales_user, version=1, phone="(555) 010-2222")
    account.refresh_from_db()
    assert (account.phone, account.version) == ("(555) 010-1111", 2)


def test_unknown_fields_are_refused(sales_user, account):
    with pytest.raises(BusinessRuleError, match="Unknown account fields: colour"):
        services.update_account(account, user=sales_user, colour="red")


def test_create_contact_refuses_a_duplicate_email_in_any_case(sales_user, contact):
    with pytest.raises(BusinessRuleError) as caught:
        services.create_contact(
            user=sales_user,
            account=contact.account,
            last_name="Twin",
            email="NIA@brightside.example",
        )
    assert caught.value.message_dict["email"] == [rules.DUPLICATE_EMAIL]
    assert Contact.objects.count() == 1


def test_create_contact_refuses_a_manager_from_another_account(sales_user, contact):
    other_account = AccountFactory(name="Other")
    with pytest.raises(BusinessRuleError) as caught:
        services.create_contact(
            user=sales_user, account=other_account, last_name="New", reports_to=contact
        )
    assert "not for this contact's account" in caught.value.message_dict["reports_to"][0]
    assert not Contact.objects.filter(last_name="New").exists()


def test_update_contact_moves_it_and_bumps_the_version(sales_user, contact):
    services.update_contact(contact, user=sales_user, version=1, title="Owner")
    contact.refresh_from_db()
    assert (contact.title, contact.version) == ("Owner", 2)
