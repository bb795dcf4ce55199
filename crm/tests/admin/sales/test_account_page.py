"""The account record page (360°): highlights, tabs, related lists, New Contact, Deactivate,
stale edits, and a query count that does not depend on the number of related records."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Contact
from crm.models import accounts as rules
from crm.tests.accounts.conftest import account_form, contact_form, messages_of
from crm.tests.factories import (
    AccountFactory,
    AttachmentFactory,
    ContactFactory,
    LineItemFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db
DEACTIVATE_QUESTION = (
    "Are you sure you want to deactivate this account? All historical data will be preserved."
)


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def test_record_page_has_highlights_tabs_and_related_lists(sales_client, contact):
    account = contact.account
    child = AccountFactory(name="Brightside Bakery – Airport", parent=account)
    AttachmentFactory(record=account)
    response = sales_client.get(change_url(account) + "?tab=related")
    html = response.content.decode()
    assert "crm-highlights" in html and "brightside.example" in html
    for tab in ("details", "related", "history"):
        assert f'data-tab="{tab}"' in html
    cards = {card["key"]: card for card in response.context["related_cards"]}
    assert list(cards) == [
        "contacts",
        "child_accounts",
        "opportunities",
        "quotes",
        "orders",
        "contracts",
        "invoices",
        "assets",
        "cases",
        "attachments",
    ]
    assert cards["contacts"]["rows"][0]["cells"][0]["text"] == "Nia Obi"
    assert cards["contacts"]["new_url"] == f"/crm/contact/add/?account={account.pk}"
    assert cards["contacts"]["view_all_url"] == f"/crm/contact/?account={account.pk}&active=all"
    assert cards["child_accounts"]["rows"][0]["cells"][0]["text"] == child.name
    assert cards["attachments"]["count"] == 1
    actions = [action["title"] for action in response.context["record_actions"]]
    # Reactivate is for admins, on inactive accounts only.
    assert actions == ["New Contact", "New Opportunity", "New Case", "More"]
    menu = [item["title"] for item in response.context["record_actions"][-1]["items"]]
    assert menu == ["Clone", "Deactivate"]  # Change Owner is for admins


def test_view_all_contacts_lists_every_contact_of_the_account(sales_client, contact):
    ContactFactory(last_name="Elsewhere")
    gone = ContactFactory(account=contact.account, last_name="Former", is_active=False)
    card = sales_client.get(change_url(contact.account) + "?tab=related").context["related_cards"][
        0
    ]
    listed = sales_client.get(card["view_all_url"]).context["cl"].result_list
    assert set(listed) == {contact, gone}


def test_new_contact_from_the_account_is_prefilled_locked_and_returns(sales_client, account):
    other = AccountFactory(name="Tampered Co")
    add_url = f"{reverse('admin:crm_contact_add')}?account={account.pk}"
    form = sales_client.get(add_url).context["adminform"].form
    assert form.fields["account"].disabled and str(form["account"].value()) == str(account.pk)
    data = contact_form(first_name="Lena", last_name="Novak", owner=account.owner_id)
    data["account"] = other.pk  # a disabled field ignores whatever is posted
    response = sales_client.post(add_url, data, follow=True)
    assert "Contact 'Lena Novak' was created." in messages_of(response)
    assert response.redirect_chain[-1][0] == f"{change_url(account)}#related"
    assert Contact.objects.get(last_name="Novak").account == account


def test_new_contact_action_redirects_to_the_prefilled_form(sales_client, account):
    response = sales_client.get(reverse("admin:crm_account_new_contact", args=[account.pk]))
    assert response.url == f"{reverse('admin:crm_contact_add')}?account={account.pk}"


def test_account_created_and_saved_toasts(sales_client, sales_user):
    response = sales_client.post(
        reverse("admin:crm_account_add"),
        account_form(name="Acme", owner=sales_user.pk, type="customer"),
        follow=True,
    )
    assert "Account 'Acme' was created." in messages_of(response)
    acme = Account.objects.get(name="Acme")
    response = sales_client.post(change_url(acme), account_form(acme, phone="1"), follow=True)
    assert "Save successful" in messages_of(response)


def test_deactivate_asks_the_spec_question_and_keeps_everything(sales_client, contact):
    account = contact.account
    url = reverse("admin:crm_account_deactivate_detail", args=[account.pk])
    assert DEACTIVATE_QUESTION in sales_client.get(url).content.decode()
    response = sales_client.post(url, {"version": account.version}, follow=True)
    assert "Account 'Brightside Bakery' was deactivated." in messages_of(response)
    account.refresh_from_db()
    assert not account.is_active
    page = sales_client.get(change_url(account) + "?tab=related")
    assert page.context["highlights"]["badges"] == [("Inactive", "danger")]
    assert page.context["related_cards"][0]["rows"][0]["cells"][0]["text"] == "Nia Obi"
    assert page.context["related_cards"][0]["new_url"] is None  # no new links to it
    menu = page.context["record_actions"]
    assert [a["title"] for a in menu] == ["More"]  # Reactivate is for admins
    assert [item["title"] for item in menu[0]["items"]] == ["Clone"]
    assert account.history.first().is_active is False


def test_two_stale_edits_the_second_is_refused(sales_client, crm_admin, account):
    first = account_form(account, phone="(555) 010-1111")
    second = account_form(account, phone="(555) 010-2222")  # both opened at version 1
    other_user = Client()
    other_user.force_login(crm_admin)
    assert sales_client.post(change_url(account), first).status_code == 302
    response = other_user.post(change_url(account), second)
    assert STALE_RECORD_MESSAGE in response.content.decode()
    account.refresh_from_db()
    assert (account.phone, account.version) == ("(555) 010-1111", 2)


def test_cyclic_parent_is_refused_on_the_form(sales_client, account):
    child = AccountFactory(name="Child Co", parent=account)
    response = sales_client.post(change_url(account), account_form(account, parent=child.pk))
    errors = response.context["adminform"].form.errors
    assert errors["parent"] == [rules.PARENT_CYCLE.format(parent="Child Co")]
    account.refresh_from_db()
    assert account.parent is None and account.version == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"account": ""}, rules.NEEDS_ACCOUNT),
        ({"email": "NIA@BRIGHTSIDE.EXAMPLE"}, rules.DUPLICATE_EMAIL),
    ],
)
def test_contact_form_refusals_write_nothing(sales_client, sales_user, contact, overrides, message):
    data = contact_form(last_name="Twin", account=contact.account_id, owner=sales_user.pk)
    response = sales_client.post(reverse("admin:crm_contact_add"), {**data, **overrides})
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors.as_text()
    assert Contact.objects.count() == 1


def test_cross_account_manager_is_refused_on_the_form(sales_client, contact):
    outsider = ContactFactory(first_name="Tom", last_name="Keller")
    response = sales_client.post(change_url(contact), contact_form(contact, reports_to=outsider.pk))
    assert "works for" in response.content.decode()
    contact.refresh_from_db()
    assert contact.reports_to is None and contact.version == 1


def test_history_tab_shows_field_level_changes(sales_client, account):
    sales_client.post(change_url(account), account_form(account, phone="(555) 010-7777"))
    changes = sales_client.get(change_url(account) + "?tab=history").context["field_history"]
    assert (changes[0].field, changes[0].new) == ("Phone", "(555) 010-7777")
    assert changes[0].user.email == "sam@agency.example"
    assert changes[-1].kind == "created"


def test_contact_page_shows_its_highlights_and_attachments(sales_client, contact):
    response = sales_client.get(change_url(contact) + "?tab=related")
    labels = [label for label, _ in response.context["highlights"]["fields"]]
    assert labels == ["title", "account", "Email", "phone", "owner"]
    assert [c["key"] for c in response.context["related_cards"]] == [
        "direct_reports", "opportunities", "cases", "attachments",
    ]  # fmt: skip


def test_only_admins_may_reactivate(sales_client, crm_admin, account):
    account.is_active = False
    account.save()
    url = reverse("admin:crm_account_reactivate_detail", args=[account.pk])
    assert sales_client.post(url, {"version": account.version}).status_code == 403
    admin = Client()
    admin.force_login(crm_admin)
    response = admin.post(url, {"version": account.version}, follow=True)
    assert "Account 'Brightside Bakery' was reactivated." in messages_of(response)


def _page_queries(client, account, contacts: int, query: str = "") -> int:
    client.get(change_url(account) + query)  # warm the per-process caches (content types)
    for _ in range(contacts):
        ContactFactory(account=account)
        AccountFactory(parent=account)
        AttachmentFactory(record=account)
        LineItemFactory(opportunity=OpportunityFactory(account=account))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(account) + query).status_code == 200
    return len(queries)


# Session, user, permissions, the record, highlights, two queries per related list and the
# history rows, the Activity tab's timeline keys (its rows only when there are some): fixed,
# whatever the number of related records. The Quotes, Orders, Contracts, Invoices, Assets
# and Cases cards add a COUNT each (empty here). The edit form adds its lookups: for a sales
# user only the billing contact's choices, the account's own contacts (owner read-only,
# parent by autocomplete).
# The first response holds Details only (SPEC §10: <= 10 queries for the biggest account);
# Related, Activity and History load when opened.
ACCOUNT_PAGE_QUERIES = 7  # + the Recently Viewed upsert
ACCOUNT_EDIT_QUERIES = 8
ACCOUNT_RELATED_TAB_QUERIES = 21


def test_account_page_queries_do_not_grow_with_contacts(sales_client, account):
    three = _page_queries(sales_client, account, 3)
    sixty = _page_queries(sales_client, account, 57)
    assert three == sixty == ACCOUNT_PAGE_QUERIES


def test_account_edit_page_queries_do_not_grow_with_contacts(sales_client, account):
    three = _page_queries(sales_client, account, 3, "?edit=1")
    sixty = _page_queries(sales_client, account, 57, "?edit=1")
    assert three == sixty == ACCOUNT_EDIT_QUERIES


def test_account_related_tab_queries_do_not_grow_with_contacts(sales_client, account):
    three = _page_queries(sales_client, account, 3, "?tab=related")
    sixty = _page_queries(sales_client, account, 57, "?tab=related")
    assert three == sixty == ACCOUNT_RELATED_TAB_QUERIES


@pytest.mark.parametrize("raw", ["abc", "999999", ""])
def test_bad_prefill_values_just_open_an_empty_form(sales_client, raw):
    response = sales_client.get(f"{reverse('admin:crm_contact_add')}?account={raw}")
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields["account"].disabled


def test_no_new_contact_prefill_for_an_inactive_account(sales_client, account):
    account.is_active = False
    account.save()
    response = sales_client.get(f"{reverse('admin:crm_contact_add')}?account={account.pk}")
    assert not response.context["adminform"].form.fields["account"].disabled
    new_contact = reverse("admin:crm_account_new_contact", args=[account.pk])
    assert sales_client.get(new_contact).status_code == 403


def test_opportunities_related_list_and_new_opportunity_prefill(sales_client, account):
    deal = OpportunityFactory(account=account, name="Spring campaign site")
    LineItemFactory(opportunity=deal)
    page = sales_client.get(change_url(account) + "?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    row = cards["opportunities"]["rows"][0]["cells"]
    assert [row[0]["text"], row[1]["text"], row[2]["text"]] == [
        "Spring campaign site",
        "Qualifying",
        "$1,000.00",
    ]
    assert cards["opportunities"]["new_url"] == f"/crm/opportunity/add/?account={account.pk}"
    new = sales_client.get(reverse("admin:crm_account_new_opportunity", args=[account.pk]))
    assert new.url == f"/crm/opportunity/add/?account={account.pk}"
    form = sales_client.get(new.url).context["adminform"].form
    assert form.fields["account"].disabled and form.fields["account"].initial == account.pk
