"""The full record form (issue 24): Cancel / Save when editing, Cancel / Save & New / Save
when creating, the header's actions disabled while the form is open, "Save successful"
after a save, and where deactivating an account or a contact lands."""

import pytest
from django.urls import reverse

from crm.admin.kit.deactivation import ORIGINS
from crm.models import Account, Contact
from crm.tests.accounts.conftest import account_form, messages_of
from crm.tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(sales_user):
    return AccountFactory(owner=sales_user, name="Brightside Bakery")


def buttons(html: str) -> dict:
    row = html[html.index("data-crm-submit-row") :]
    return {
        "save": 'name="_save"' in row,
        "save_new": 'name="_addanother"' in row and "Save &amp; New" in row,
        "continue": 'name="_continue"' in row or "Save and continue" in row,
        "another": "Save and add another" in row,
        "cancel": ">\n                Cancel\n" in row or "Cancel" in row,
    }


def test_the_edit_form_ends_with_cancel_and_save(sales_client, account):
    url = f"/crm/account/{account.pk}/change/"
    page = sales_client.get(f"{url}?edit=1")
    html = page.content.decode()
    assert buttons(html) == {
        "save": True,
        "save_new": False,
        "continue": False,
        "another": False,
        "cancel": True,
    }
    assert page.context["cancel_url"] == url
    assert f'href="{url}"' in html[html.index("data-crm-submit-row") :]
    assert "data-crm-editing" in html and "crm/record_page.js" in html


def test_the_add_form_ends_with_cancel_save_and_new_and_save(sales_client, account):
    came_from = f"http://testserver/crm/account/{account.pk}/change/"
    page = sales_client.get(f"/crm/contact/add/?account={account.pk}", HTTP_REFERER=came_from)
    assert buttons(page.content.decode())["save_new"]
    assert page.context["cancel_url"] == came_from
    elsewhere = sales_client.get("/crm/account/add/", HTTP_REFERER="https://evil.example/x")
    assert elsewhere.context["cancel_url"] == reverse("admin:crm_account_changelist")
    assert "Save and add another" not in elsewhere.content.decode()


def test_header_actions_are_disabled_while_editing(sales_client, account):
    url = f"/crm/account/{account.pk}/change/"
    editing = sales_client.get(f"{url}?edit=1").content.decode()
    header = editing[editing.index("crm-highlights__actions") : editing.index("</section>")]
    assert 'aria-disabled="true"' in header and "New Contact" in header
    assert f"/crm/account/{account.pk}/new-contact/" not in header
    assert f"/crm/account/{account.pk}/deactivate/" not in header
    assert f'href="{url}">Cancel editing' in header
    reading = sales_client.get(url).content.decode()
    assert f'href="/crm/account/{account.pk}/new-contact/"' in reading
    assert "data-crm-action-disabled" not in reading


def test_a_saved_edit_says_save_successful(sales_client, account):
    url = f"/crm/account/{account.pk}/change/"
    response = sales_client.post(url, account_form(account, phone="1"), follow=True)
    assert "Save successful" in messages_of(response)
    assert response.redirect_chain[-1][0] == url


def test_deactivating_an_account_lands_on_the_accounts_list(sales_client, account):
    url = reverse("admin:crm_account_deactivate_detail", args=[account.pk])
    response = sales_client.post(url, {"version": account.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:crm_account_changelist")
    assert "Account 'Brightside Bakery' was deactivated." in messages_of(response)
    assert account not in response.context["cl"].result_list
    assert not Account.objects.get(pk=account.pk).is_active


def test_a_refused_deactivation_stays_on_the_record(sales_client, account):
    url = reverse("admin:crm_account_deactivate_detail", args=[account.pk])
    response = sales_client.post(url, {"version": account.version + 5})
    assert response.url == f"/crm/account/{account.pk}/change/"
    assert Account.objects.get(pk=account.pk).is_active


def test_deactivating_a_contact_returns_to_the_account_it_was_opened_from(sales_client, account):
    contact = ContactFactory(account=account, owner=account.owner, first_name="Nia")
    account_page = f"/crm/account/{account.pk}/change/"
    contact_page = f"/crm/contact/{contact.pk}/change/"
    related = f"{account_page}?tab=related"
    assert contact_page in sales_client.get(related).content.decode()  # on its Contacts card
    sales_client.get(contact_page, HTTP_REFERER=f"http://testserver{account_page}")
    # Its own edit form and the confirmation page are not where the user came from.
    sales_client.get(f"{contact_page}?edit=1", HTTP_REFERER=f"http://testserver{contact_page}")
    sales_client.get(contact_page, HTTP_REFERER=f"http://testserver{contact_page}?edit=1")
    url = reverse("admin:crm_contact_deactivate_detail", args=[contact.pk])
    response = sales_client.post(url, {"version": contact.version}, follow=True)
    assert response.redirect_chain[-1][0] == f"{account_page}#related"
    assert f"Contact '{contact}' was deactivated." in messages_of(response)
    assert contact_page not in sales_client.get(related).content.decode()  # off the card
    assert not Contact.objects.get(pk=contact.pk).is_active


def test_deactivating_a_contact_returns_to_the_contacts_list(sales_client, account):
    contact = ContactFactory(account=account, owner=account.owner)
    listing = f"{reverse('admin:crm_contact_changelist')}?q=x"
    sales_client.get(
        f"/crm/contact/{contact.pk}/change/", HTTP_REFERER=f"http://testserver{listing}"
    )
    url = reverse("admin:crm_contact_deactivate_detail", args=[contact.pk])
    response = sales_client.post(url, {"version": contact.version})
    assert response.url == listing


def test_a_contact_landing_never_leaves_the_site(sales_client, account):
    contact = ContactFactory(account=account, owner=account.owner)
    sales_client.get(
        f"/crm/contact/{contact.pk}/change/", HTTP_REFERER="https://evil.example/phish"
    )
    assert not sales_client.session.get(ORIGINS)
    url = reverse("admin:crm_contact_deactivate_detail", args=[contact.pk])
    response = sales_client.post(f"{url}?next=https://evil.example/", {"version": contact.version})
    assert response.url == reverse("admin:crm_contact_changelist")


def test_browser_tabs_name_the_record_and_its_object(crm_admin_client):
    from crm.tests.factories import AccountFactory

    account = AccountFactory(name="Brightside Bakery")

    def title(url):
        html = crm_admin_client.get(url).content.decode()
        return " ".join(html.split("<title>", 1)[1].split("</title>", 1)[0].split())

    page = f"/crm/account/{account.pk}/change/"
    assert title(page).endswith("Brightside Bakery | Account | Agency CRM")
    assert title(page + "?edit=1").endswith("Brightside Bakery | Edit Account | Agency CRM")
    assert title("/crm/account/add/").endswith("New Account | Agency CRM")
