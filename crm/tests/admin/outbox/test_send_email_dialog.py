"""Send Email (issue 26) on contact, lead, opportunity and case pages: the dialog starts with
the record's person and a template filled in on the server; "Use template" re-renders it;
Send queues the email once, toasts where it went and lands on the Activity tab, where the
email shows; a bad address is a form error and nothing is sent."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from crm.admin.kit import once
from crm.models import Activity, EmailMessage
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    ContactRoleFactory,
    LeadFactory,
    LineItemFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db


def dialog_url(record):
    meta = record._meta
    return reverse(f"admin:crm_{meta.model_name}_send_email_detail", args=[record.pk])


@pytest.fixture
def contact(sales_user):
    account = AccountFactory(name="Acme", owner=sales_user)
    return ContactFactory(
        account=account, first_name="Jane", last_name="Doe", email="jane@acme.example"
    )


def form_token(client, record) -> str:
    page = client.get(dialog_url(record)).content.decode()
    marker = f'name="{once.FIELD}" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def send(client, record, **fields):
    data = {
        "to": "jane@acme.example",
        "cc": "",
        "template": "",
        "subject": "Hello",
        "body": "Hi Jane",
        "_send": "1",
        once.FIELD: form_token(client, record),
    } | fields
    return client.post(dialog_url(record), data)


def test_the_dialog_starts_with_the_contacts_address_and_a_template(sales_client, contact):
    page = sales_client.get(dialog_url(contact)).content.decode()
    assert 'value="jane@acme.example"' in page
    assert "Hi Jane," in page and "Sam Seller" in page  # first name and the sender's name
    assert "Use template" in page and "Meeting recap" in page


def test_the_send_email_button_is_in_the_header(sales_client, contact):
    page = sales_client.get(reverse("admin:crm_contact_change", args=[contact.pk])).content
    assert dialog_url(contact) in page.decode()


def test_sending_queues_the_email_and_shows_it_on_the_activity_tab(
    sales_client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(sales_client, contact, cc="boss@acme.example")
    assert response.status_code == 302 and response["Location"].endswith("?tab=activity")
    message = EmailMessage.objects.get()
    assert (message.to_addresses, message.cc_addresses) == (
        "jane@acme.example",
        "boss@acme.example",
    )
    assert message.person == contact and len(mail.outbox) == 1
    page = sales_client.get(response["Location"]).content.decode()
    # The test runs the send when the request's transaction is over (on a server it has run
    # by the time the toast is written, which then says "sent").
    assert "Email queued to jane@acme.example." in page
    assert "Email: Hello" in page and "To: jane@acme.example" in page and "Sent" in page


def test_a_bad_address_is_a_form_error_and_nothing_is_sent(sales_client, contact):
    response = send(sales_client, contact, to="jane@acme.example, not-an-address")
    assert response.status_code == 400
    assert "&#x27;not-an-address&#x27; is not a valid email address." in response.content.decode()
    assert not EmailMessage.objects.exists() and not Activity.objects.exists()


def test_a_subject_with_a_line_break_is_refused(sales_client, contact):
    response = send(sales_client, contact, subject="Hi\r\nBcc: x@y.example")
    assert response.status_code == 400
    assert "The subject cannot contain line breaks." in response.content.decode()
    assert not EmailMessage.objects.exists()


def test_the_same_page_sent_twice_sends_once(sales_client, contact):
    key = form_token(sales_client, contact)
    for _ in range(2):
        send(sales_client, contact, **{once.FIELD: key})
    assert EmailMessage.objects.count() == 1


def test_use_template_fills_the_opportunity_figures(sales_client, sales_user, contact):
    opportunity = OpportunityFactory(
        account=contact.account, name="Website", close_date=datetime.date(2027, 3, 31)
    )
    LineItemFactory(opportunity=opportunity, quantity=2, sale_price=Decimal("1500.00"))
    ContactRoleFactory(opportunity=opportunity, contact=contact, is_primary=True)
    response = sales_client.post(
        dialog_url(opportunity),
        {"to": "typed@acme.example", "template": "proposal_sent", "_template": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not EmailMessage.objects.exists()
    assert 'value="typed@acme.example"' in page  # what was typed is kept
    assert (
        "Our proposal: Website" in page
        and "$3,000.00" in page
        and "March 31, 2027" in page
        and "Hi Jane," in page
    )


def test_template_values_are_inserted_as_text(sales_client, sales_user):
    lead = LeadFactory(first_name="<b>{sender_name}</b>", email="lead@x.example", owner=sales_user)
    page = sales_client.get(dialog_url(lead)).content.decode()
    assert "Hi &lt;b&gt;{sender_name}&lt;/b&gt;," in page


def test_a_case_email_is_filed_under_the_case(
    sales_client, contact, django_capture_on_commit_callbacks
):
    case = CaseFactory(account=contact.account, contact=contact, subject="Login broken")
    page = sales_client.get(dialog_url(case)).content.decode()
    assert f"Update on your case {case.number}: Login broken" in page
    with django_capture_on_commit_callbacks(execute=True):
        send(sales_client, case)
    message = EmailMessage.objects.get()
    assert (message.related, message.person) == (case, contact)


def test_a_deactivated_record_offers_no_send_email(sales_client, contact):
    type(contact).objects.filter(pk=contact.pk).update(is_active=False)
    assert sales_client.get(dialog_url(contact)).status_code == 403


def test_dialog_query_count_is_pinned(sales_client, contact, django_assert_num_queries):
    sales_client.get(dialog_url(contact))
    with django_assert_num_queries(DIALOG_QUERIES):
        sales_client.get(dialog_url(contact))


DIALOG_QUERIES = 7


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_toast_says_the_email_was_sent(sales_client, contact):
    response = send(sales_client, contact)
    page = sales_client.get(response["Location"]).content.decode()
    assert "Email sent to jane@acme.example." in page
    assert len(mail.outbox) == 1
