"""Send Quote (issue 26): only on a presented quote; addressed to its bill-to contact with the
Quote template; the quote PDF (with its number) attached; filed under the quote."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from crm.admin.kit import once
from crm.models import EmailMessage
from crm.models.quotes import QuoteStatus
from crm.tests.factories import ContactFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(sales_user):
    quote = QuoteFactory(opportunity__owner=sales_user, name="Website build")
    contact = ContactFactory(account=quote.account, first_name="Jane", email="jane@acme.example")
    type(quote).objects.filter(pk=quote.pk).update(contact=contact, status=QuoteStatus.PRESENTED)
    quote.refresh_from_db()
    return quote


def send_url(quote):
    return reverse("admin:crm_quote_send_quote_detail", args=[quote.pk])


def test_the_dialog_is_addressed_to_the_bill_to_contact(sales_client, quote):
    page = sales_client.get(send_url(quote)).content.decode()
    assert 'value="jane@acme.example"' in page and "Hi Jane," in page
    assert f"Quote {quote.number}: Website build" in page and "PDF is attached" in page


def test_sending_attaches_the_quote_pdf(sales_client, quote, django_capture_on_commit_callbacks):
    page = sales_client.get(send_url(quote)).content.decode()
    marker = f'name="{once.FIELD}" value="'
    start = page.index(marker) + len(marker)
    data = {
        "to": "jane@acme.example",
        "subject": "Your quote",
        "body": "Attached.",
        "_send": "1",
        once.FIELD: page[start : page.index('"', start)],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = sales_client.post(send_url(quote), data)
    assert response.status_code == 302
    message = EmailMessage.objects.get()
    assert message.related == quote and message.person == quote.contact
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and quote.number in filename
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert quote.number in text


def test_a_draft_quote_offers_no_send_quote(sales_client, quote):
    type(quote).objects.filter(pk=quote.pk).update(status=QuoteStatus.DRAFT)
    page = sales_client.get(reverse("admin:crm_quote_change", args=[quote.pk])).content.decode()
    assert send_url(quote) not in page
    assert sales_client.get(send_url(quote)).status_code == 403


def test_a_presented_quote_shows_the_button(sales_client, quote):
    page = sales_client.get(reverse("admin:crm_quote_change", args=[quote.pk])).content.decode()
    assert send_url(quote) in page
