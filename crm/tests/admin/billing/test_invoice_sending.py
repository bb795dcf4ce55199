"""Send Invoice from the invoice page: the dialog starts from the billing contact and the
built-in text, everything editable; the email lands in the outbox with the PDF, once per
submitted page; bad addresses and header tricks are form errors that send nothing."""

import pytest
from django.urls import reverse

from crm.models.outbox import EmailMessage
from crm.services.invoices import issue_order_invoice
from crm.tests.factories import ContactFactory
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(order, crm_admin):
    account = order.account
    account.billing_contact = ContactFactory(
        account=account, first_name="Pat", last_name="Payable", email="pat@client.example"
    )
    account.save()
    return issue_order_invoice(order, user=crm_admin)


def send_url(invoice):
    return reverse("admin:crm_invoice_send_invoice_detail", args=[invoice.pk])


def test_the_dialog_is_prefilled_from_the_billing_contact(crm_admin_client, invoice):
    page = crm_admin_client.get(reverse("admin:crm_invoice_change", args=[invoice.pk]))
    assert "Send Invoice" in page.content.decode()
    asked = crm_admin_client.get(send_url(invoice))
    form = asked.context["form"]
    assert form.initial["to"] == "pat@client.example"
    assert invoice.number in form.initial["subject"]
    assert "Pat Payable" in form.initial["body"]
    assert f"{invoice.number}.pdf" in asked.content.decode()


def test_sending_queues_one_email_with_the_edited_text(crm_admin_client, invoice):
    url = send_url(invoice)
    data = with_once(
        crm_admin_client,
        url,
        {
            "to": "ap@client.example, pat@client.example",
            "subject": "Your invoice",
            "body": "Hello <b>there</b>",
        },
    )
    response = crm_admin_client.post(url, data)
    assert response.status_code == 302
    again = crm_admin_client.post(url, data)  # the same page submitted twice
    assert again.status_code == 302
    email = EmailMessage.objects.get()
    assert email.to_list == ["ap@client.example", "pat@client.example"]
    assert (email.subject, email.body) == ("Your invoice", "Hello <b>there</b>")
    assert [a.filename for a in email.attachments.all()] == [f"{invoice.number}.pdf"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("to", "not-an-address", "is not an email address"),
        ("to", "", "Enter the address to send the invoice to"),
        ("subject", "Hi\r\nBcc: victim@example.com", "The subject must be one line."),
    ],
)
def test_bad_input_is_a_form_error_and_sends_nothing(
    crm_admin_client, invoice, field, value, message
):
    url = send_url(invoice)
    data = {"to": "pat@client.example", "subject": "Invoice", "body": "Hello", field: value}
    response = crm_admin_client.post(url, with_once(crm_admin_client, url, data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EmailMessage.objects.exists()


def test_sales_users_do_not_send_invoices(sales_client, invoice):
    page = sales_client.get(reverse("admin:crm_invoice_change", args=[invoice.pk]))
    assert send_url(invoice) not in page.content.decode()
    assert sales_client.post(send_url(invoice), {"to": "x@example.com"}).status_code == 403
    assert not EmailMessage.objects.exists()
