"""Send Invoice: to the billing contact with the PDF attached, on the account's timeline, a
draft issued on send, refused without an address, for a void invoice or for a sales user."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from crm.errors import BusinessRuleError
from crm.models import Account, Activity, InvoiceStatus
from crm.models.outbox import EmailStatus
from crm.selectors.activities import timeline_filter
from crm.services.invoices import (
    issue_order_invoice,
    issue_period_invoice,
    send_invoice,
    void_invoice,
)
from crm.tests.factories import ContactFactory
from crm.tests.invoices.conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def with_billing_contact(account, owner, email="pay@client.example"):
    contact = ContactFactory(
        account=account, first_name="Paula", last_name="Payer", email=email, owner=owner
    )
    Account.objects.filter(pk=account.pk).update(billing_contact=contact)
    return contact


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_send_invoice_to_the_billing_contact_with_the_pdf(monthly, crm_admin, run_on_commit):
    contact = with_billing_contact(monthly.account, monthly.owner)
    invoice = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with run_on_commit():
        message = send_invoice(invoice, user=crm_admin)
    assert message.to_addresses == "pay@client.example"
    assert message.subject.startswith(f"Invoice {invoice.number} from ")
    assert "Dear Paula Payer" in message.body and "$1,000.00" in message.body
    (sent,) = mail.outbox
    assert sent.to == ["pay@client.example"]
    ((filename, content, mimetype),) = sent.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    text = pdf_text(content)
    assert invoice.number in text and "1,000.00" in text
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    # The email shows as an Email activity on the contract, so on the account's timeline.
    activity = Activity.objects.get(pk=message.activity_id)
    assert (activity.related_contract_id, activity.contact_id) == (monthly.pk, contact.pk)
    timeline = Activity.objects.filter(timeline_filter(monthly.account))
    assert timeline.filter(pk=activity.pk).exists()


def test_a_typed_address_subject_and_text_replace_the_defaults(order, crm_admin, run_on_commit):
    invoice = issue_order_invoice(order, user=crm_admin, draft=True)
    with run_on_commit():
        message = send_invoice(
            invoice,
            user=crm_admin,
            to="accounts@client.example",
            subject="Your invoice",
            body="<b>Hello</b>",
        )
    assert invoice.status == InvoiceStatus.ISSUED  # a draft is issued on send
    assert (message.to_addresses, message.subject) == ("accounts@client.example", "Your invoice")
    assert mail.outbox[0].body == "<b>Hello</b>"
    html = mail.outbox[0].alternatives[0][0]
    assert "<b>" not in html and "&lt;b&gt;" in html  # typed text never becomes markup
    assert Activity.objects.get(pk=message.activity_id).related_order_id == order.pk


def test_send_invoice_refusals(monthly, sales_user, crm_admin):
    invoice = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(
        BusinessRuleError, match=f"Add a billing contact with an email to {monthly.account.name}"
    ):
        send_invoice(invoice, user=crm_admin)
    with_billing_contact(monthly.account, monthly.owner, email="")
    with pytest.raises(BusinessRuleError, match="Add a billing contact"):
        send_invoice(invoice, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="cannot contain line breaks"):
        send_invoice(invoice, user=crm_admin, to="a@b.example", subject="Hi\nBcc: x@evil.example")
    with pytest.raises(BusinessRuleError, match="Only admins"):
        send_invoice(invoice, user=sales_user, to="a@b.example")
    void_invoice(invoice, user=crm_admin, reason="Wrong period")
    with pytest.raises(BusinessRuleError, match="is void"):
        send_invoice(invoice, user=crm_admin, to="a@b.example")
    assert mail.outbox == []
