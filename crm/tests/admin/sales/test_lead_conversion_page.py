"""The Convert page (suggestions, choices, errors) and the success screen."""

import pytest
from django.utils import timezone

from crm.admin.sales.leads.conversion import default_opportunity_name
from crm.models import Account, Contact, Lead, LeadStatus, Opportunity
from crm.selectors.leads import similar_accounts
from crm.services.leads import ALREADY_CONVERTED, convert_lead
from crm.tests.factories import AccountFactory, ContactFactory
from crm.tests.leads.conftest import messages_of

pytestmark = pytest.mark.django_db
LEADS = "/crm/lead/"


def convert_url(lead):
    return f"{LEADS}{lead.pk}/convert/"


def post(client, lead, **data):
    page = client.get(convert_url(lead))  # the page's one-time token, as a browser posts it
    form = {
        "once_token": page.context["once_token"] if page.status_code == 200 else "",
        "_convert": "1",
        "version": lead.version,
        "account_choice": "new",
        "contact_choice": "new",
        "opportunity_name": "Bakery shop",
        **data,
    }
    return client.post(convert_url(lead), form, follow=True)


def test_page_shows_what_will_be_created_and_suggests_look_alikes(sales_client, lead):
    same = AccountFactory(name="BRIGHTSIDE BAKERY")
    longer = AccountFactory(name="Brightside Bakery Wholesale")
    AccountFactory(name="Brightside Bakery Old", is_active=False)
    AccountFactory(name="Harbor Law Group")
    contact = ContactFactory(email="nia@brightside.example", account=same)
    page = sales_client.get(convert_url(lead))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Create new account" in html and "12 Baker Street" in html
    suggested = [a.pk for a in page.context["form"].suggestions.accounts]
    assert suggested == [same.pk, longer.pk]  # exact name first; inactive never offered
    assert [c.pk for c in page.context["form"].suggestions.contacts] == [contact.pk]
    # No duplicates by default: the same-email contact and its account are preselected.
    assert page.context["account_choice"] == str(same.pk)
    assert page.context["contact_choice"] == str(contact.pk)
    expected = default_opportunity_name(lead, timezone.localdate())
    assert expected.startswith("Brightside Bakery - ")
    assert f'value="{expected}"' in html
    assert "Don&#x27;t create an opportunity upon conversion" in html


def test_convert_with_new_records_then_success_page_links(sales_client, lead):
    response = post(sales_client, lead)
    assert f"Lead '{lead}' was converted." in messages_of(response)
    assert response.redirect_chain[-1][0] == f"{LEADS}{lead.pk}/converted/"
    html = response.content.decode()
    assert "Your lead has been converted" in html
    stored = Lead.objects.get(pk=lead.pk)
    for model, pk in (
        ("account", stored.converted_account_id),
        ("contact", stored.converted_contact_id),
        ("opportunity", stored.converted_opportunity_id),
    ):
        assert f'href="/crm/{model}/{pk}/change/"' in html
    assert Opportunity.objects.get().name == "Bakery shop"


def test_choose_existing_account_creates_no_duplicate(sales_client, lead):
    account = AccountFactory(name="Brightside Bakery")
    post(sales_client, lead, account_choice=str(account.pk))
    assert Account.objects.count() == 1
    assert Contact.objects.get().account == account


def test_search_another_account(sales_client, lead):
    other = AccountFactory(name="Completely Different Ltd")
    post(sales_client, lead, account_choice="other", other_account=str(other.pk))
    assert Lead.objects.get(pk=lead.pk).converted_account == other
    response = post(sales_client, Lead.objects.get(pk=lead.pk), account_choice="other")
    assert ALREADY_CONVERTED in messages_of(response)


def test_other_without_a_choice_is_a_form_error(sales_client, lead):
    response = post(sales_client, lead, account_choice="other")
    assert "Choose the existing account to use." in response.content.decode()
    assert not Account.objects.exists()


def test_contact_of_another_account_is_refused_and_nothing_written(sales_client, lead):
    contact = ContactFactory(email="nia@brightside.example")
    elsewhere = AccountFactory(name="Brightside Bakery")
    response = post(
        sales_client, lead, account_choice=str(elsewhere.pk), contact_choice=str(contact.pk)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"works for {contact.account}, not for {elsewhere}" in html
    assert (Account.objects.count(), Contact.objects.count(), Opportunity.objects.count()) == (
        2,
        1,
        0,
    )
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.QUALIFIED


def test_dont_create_an_opportunity(sales_client, lead):
    response = post(sales_client, lead, opportunity_name="", no_opportunity="on")
    assert "No opportunity was created." in response.content.decode()
    assert not Opportunity.objects.exists()
    response = post(sales_client, lead, opportunity_name="")
    assert ALREADY_CONVERTED in messages_of(response)


def test_opportunity_name_is_required_unless_skipped(sales_client, lead):
    response = post(sales_client, lead, opportunity_name="  ")
    assert "Enter the opportunity name" in response.content.decode()
    assert not Account.objects.exists()


def test_the_loser_of_a_race_is_told_and_shown_the_result(sales_client, lead, sales_user):
    page_version = lead.version
    convert_lead(Lead.objects.get(pk=lead.pk), user=sales_user, opportunity_name="First")
    response = post(sales_client, lead, version=page_version)
    assert ALREADY_CONVERTED in messages_of(response)
    assert response.redirect_chain[-1][0] == f"{LEADS}{lead.pk}/converted/"
    assert Opportunity.objects.count() == 1


def test_path_post_opens_the_page_without_converting(sales_client, lead):
    response = sales_client.post(convert_url(lead), {"version": lead.version})
    assert response.status_code == 200 and "Convert lead" in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.QUALIFIED


def test_convert_button_needs_the_permission(client, lead):
    from crm.tests.factories import UserFactory

    viewer = UserFactory()
    viewer.groups.clear()
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_lead"))
    client.force_login(viewer)
    assert client.get(convert_url(lead)).status_code == 403
    assert "convert-lead" not in client.get(f"{LEADS}{lead.pk}/change/").content.decode()


def test_success_page_of_an_unconverted_lead_goes_back_to_it(sales_client, lead):
    response = sales_client.get(f"{LEADS}{lead.pk}/converted/")
    assert response.status_code == 302 and response.url == f"{LEADS}{lead.pk}/change/"


def test_similar_accounts_without_a_company_is_empty():
    assert similar_accounts("   ") == []


def test_trigram_similarity_on_postgres(postgres_only):
    look_alike = AccountFactory(name="Bright Side Bakery Ltd")
    AccountFactory(name="Harbor Law Group")
    assert [a.pk for a in similar_accounts("Brightside Bakery")] == [look_alike.pk]
