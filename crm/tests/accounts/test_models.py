"""Account and contact rules, in the models (so every writer enforces them) and, where the
database can express them, as constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crm.models import Account, Contact
from crm.models import accounts as rules
from crm.tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_account_cannot_be_its_own_parent(account):
    account.parent = account
    assert errors_of(account)["parent"] == [rules.NOT_OWN_PARENT]


def test_account_cannot_be_its_own_ancestor():
    top = AccountFactory(name="Quillfeather Holdings")
    middle = AccountFactory(name="Quillfeather Books", parent=top)
    bottom = AccountFactory(name="Quillfeather Kids", parent=middle)
    top.parent = bottom
    assert errors_of(top)["parent"] == [rules.PARENT_CYCLE.format(parent="Quillfeather Kids")]
    top.refresh_from_db()
    assert top.parent is None


def test_a_valid_hierarchy_is_accepted():
    top = AccountFactory()
    child = AccountFactory(parent=top)
    sibling = AccountFactory()
    child.parent = sibling
    child.full_clean()


def test_database_refuses_an_account_that_is_its_own_parent(account):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(parent=account.pk)


def test_contact_needs_an_account(sales_user):
    contact = Contact(last_name="Obi", owner=sales_user)
    assert errors_of(contact)["account"] == [rules.NEEDS_ACCOUNT]
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.bulk_create([contact])
    assert not Contact.objects.exists()


def test_contact_email_is_unique_in_any_case(contact):
    twin = ContactFactory.build(
        email="NIA@Brightside.Example", account=contact.account, owner=contact.owner
    )
    assert errors_of(twin)["email"] == [rules.DUPLICATE_EMAIL]


def test_database_refuses_a_duplicate_email_in_another_case(contact):
    twin = ContactFactory.build(
        email="Nia@BRIGHTSIDE.example", account=contact.account, owner=contact.owner
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Contact.objects.count() == 1


def test_contacts_without_email_do_not_collide(account):
    ContactFactory(email="", account=account)
    ContactFactory(email="", account=account)
    assert Contact.objects.filter(email="").count() == 2


def test_contact_keeps_its_own_email_when_saved_again(contact):
    contact.email = "NIA@brightside.example"
    contact.full_clean()


def test_reports_to_must_work_for_the_same_account(contact):
    other = ContactFactory(first_name="Tom", last_name="Keller")
    contact.reports_to = other
    assert errors_of(contact)["reports_to"] == [
        rules.REPORTS_TO_OTHER_ACCOUNT.format(manager=other, account=other.account)
    ]


def test_reports_to_cannot_be_self_or_a_cycle(contact):
    contact.reports_to = contact
    assert errors_of(contact)["reports_to"] == [rules.NOT_OWN_MANAGER]
    report = ContactFactory(account=contact.account, reports_to=contact)
    contact.reports_to = report
    assert errors_of(contact)["reports_to"] == [rules.REPORTS_TO_CYCLE.format(manager=report)]


def test_reports_to_a_colleague_is_accepted(contact):
    manager = ContactFactory(account=contact.account)
    contact.reports_to = manager
    contact.full_clean()


def test_no_new_link_to_an_inactive_account_but_existing_links_stay(contact):
    account = contact.account
    account.is_active = False
    account.save()
    contact.title = "Owner"
    contact.full_clean()  # the existing link is kept
    newcomer = ContactFactory.build(account=account, owner=contact.owner)
    message = rules.INACTIVE_LINK.format(label="Account", record=account)
    assert errors_of(newcomer)["account"] == [message]


def test_website_is_validated_and_may_omit_the_scheme(account):
    account.website = "brightside.example/menu"
    account.full_clean()
    assert account.website_url == "https://brightside.example/menu"
    account.website = "not a website"
    assert errors_of(account)["website"] == [rules.INVALID_WEBSITE]


def test_addresses_are_five_columns_with_a_formatted_view(account):
    account.billing_street = "12 Main Street"
    account.billing_city = "Denver"
    account.billing_state = "CO"
    account.billing_postal_code = "80202"
    account.billing_country = "United States"
    assert account.billing_address == "12 Main Street\nDenver, CO 80202\nUnited States"
    assert account.shipping_address == ""
    assert {f.name for f in Contact._meta.fields} >= {
        "mailing_street", "mailing_city", "mailing_state", "mailing_postal_code", "mailing_country"
    }  # fmt: skip


def test_every_change_is_audited(account, crm_admin):
    account.phone = "(555) 010-9999"
    account._history_user = crm_admin
    account.save()
    latest = account.history.first()
    assert latest.phone == "(555) 010-9999"
    assert latest.history_user == crm_admin
    assert account.history.count() == 2


def test_natural_key_lookups_ignore_case(contact):
    assert Account.objects.named("  BRIGHTSIDE bakery ").get() == contact.account
    assert Contact.objects.with_email("NIA@brightside.EXAMPLE").get() == contact
