"""Create Quote and Convert submitted twice record once (crm.admin.kit.once), and the
conversion page's duplicate-email message names the option exactly as the page shows it."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from djmoney.money import Money

from crm.models import Contact, Lead, Opportunity, Quote
from crm.services.once import MISSING_TOKEN
from crm.tests.factories import ContactFactory, LineItemFactory, OpportunityFactory
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db
ALREADY = "This was already done: "


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_create_quote_posted_twice_makes_one_quote(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user, name="Bakery website")
    LineItemFactory(opportunity=deal, quantity=Decimal("1"), sale_price=Money("600", "USD"))
    url = f"/crm/opportunity/{deal.pk}/create-quote/"
    data = with_once(sales_client, url, {"version": deal.version, "name": "Phase 1"})
    first = sales_client.post(url, data)
    again = sales_client.post(url, data)
    quote = Quote.objects.get()
    assert first.url == again.url == f"/crm/quote/{quote.pk}/change/"
    assert toasts(again)[-1].startswith(f"{ALREADY}Quote '{quote}' was created from {deal} (")


def test_create_quote_without_its_token_is_refused(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    LineItemFactory(opportunity=deal)
    url = f"/crm/opportunity/{deal.pk}/create-quote/"
    response = sales_client.post(url, {"version": deal.version})
    assert MISSING_TOKEN in toasts(response) and not Quote.objects.exists()


def convert_data(client, lead) -> dict:
    url = f"/crm/lead/{lead.pk}/convert/"
    form = {"_convert": "1", "version": lead.version, "account_choice": "new"}
    form |= {"contact_choice": "new", "opportunity_name": "Bakery shop"}
    return with_once(client, url, form)


def test_convert_posted_twice_converts_once(sales_client, lead):
    url = f"/crm/lead/{lead.pk}/convert/"
    data = convert_data(sales_client, lead)
    sales_client.post(url, data)
    again = sales_client.post(url, data)
    assert again.url == f"/crm/lead/{lead.pk}/converted/"
    assert toasts(again)[-1].startswith(f"{ALREADY}Lead '{lead}' was converted (")
    assert (Opportunity.objects.count(), Contact.objects.count()) == (1, 1)
    assert Lead.objects.get(pk=lead.pk).is_converted


def test_convert_without_its_token_is_refused_on_the_form(sales_client, lead):
    data = convert_data(sales_client, lead)
    del data["once_token"]
    response = sales_client.post(f"/crm/lead/{lead.pk}/convert/", data)
    assert response.status_code == 200 and MISSING_TOKEN in response.content.decode()
    assert not Lead.objects.get(pk=lead.pk).is_converted


def test_the_duplicate_email_message_names_the_option_as_the_page_shows_it(sales_client, lead):
    ContactFactory(email=lead.email)
    url = f"/crm/lead/{lead.pk}/convert/"
    page = sales_client.get(url).content.decode()
    (label,) = re.findall(r'<p class="crm-convert__subhead">([^<]*contact[^<]*)</p>', page)
    response = sales_client.post(url, convert_data(sales_client, lead))  # "Create new" contact
    html = response.content.decode()
    assert "already exists" in html
    assert f"&quot;{label}&quot;" in html  # the message quotes the option's very words
