"""queue_email (issue 26): checks addresses and headers before storing anything, records the
message with its Email activity (on the record's Activity tab and the account's timeline),
stores attachments privately, and sends once per dedupe key."""

import pytest
from django.core import mail

from crm.errors import BusinessRuleError
from crm.models import Activity, EmailMessage, EmailStatus
from crm.models.activities import TaskStatus, TaskSubtype
from crm.selectors.activities import timeline_filter
from crm.services.outbox import queue_email, retry_email
from crm.tests.factories import OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db


def send(user, **overrides):
    fields = {"to": "jane@acme.example", "subject": "Hello", "body": "Hi Jane"} | overrides
    return queue_email(user=user, **fields)


def test_a_queued_email_is_sent_and_shows_as_an_email_activity(sales_user, contact, run_on_commit):
    with run_on_commit():
        message = send(
            sales_user,
            to=["jane@acme.example", "JANE@acme.example"],
            cc="a@x.example; b@x.example",
            related=contact.account,
            person=contact,
        )
    message.refresh_from_db()
    assert (message.status, message.attempts) == (EmailStatus.SENT, 1)
    assert message.to_addresses == "jane@acme.example"
    assert message.cc_list == ["a@x.example", "b@x.example"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jane@acme.example"]
    activity = message.activity
    assert (activity.task_subtype, activity.status, activity.subject) == (
        TaskSubtype.EMAIL,
        TaskStatus.COMPLETED,
        "Email: Hello",
    )
    assert (activity.kind, activity.kind_label) == ("email", "Email")
    assert (activity.what, activity.who, activity.description) == (
        contact.account,
        contact,
        "Hi Jane",
    )
    assert Activity.objects.emails().get() == activity
    assert Activity.objects.filter(timeline_filter(contact.account)).get() == activity


def test_an_email_about_an_opportunity_rolls_up_to_its_account(sales_user, contact):
    opportunity = OpportunityFactory(account=contact.account, owner=sales_user)
    message = send(sales_user, related=opportunity)
    assert message.related == opportunity
    assert Activity.objects.filter(timeline_filter(contact.account)).get() == message.activity


def test_a_system_email_belongs_to_the_related_records_owner(sales_user, contact):
    message = send(None, related=contact.account)
    assert message.created_by is None
    assert message.activity.owner == sales_user == message.activity.assigned_to


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"subject": "Hi\r\nBcc: victim@x.example"}, "The subject cannot contain line breaks."),
        ({"to": "jane@acme.example\nBcc: victim@x.example"}, "cannot contain line breaks"),
        ({"cc": ["ok@x.example", "x@y.example\r\nBcc: v@x.example"]}, "cannot contain line breaks"),
        ({"to": "not-an-address"}, "'not-an-address' is not a valid email address."),
        ({"to": " , "}, "Enter at least one address"),
        ({"subject": "  "}, "Enter a subject."),
        ({"subject": "x" * 256}, "at most 255 characters"),
        ({"body": "\n "}, "Enter the email's text."),
    ],
)
def test_bad_input_is_refused_before_anything_is_stored(sales_user, overrides, text):
    with pytest.raises(BusinessRuleError) as refused:
        send(sales_user, **overrides)
    assert text in " ".join(refused.value.messages)
    assert not EmailMessage.objects.exists() and not Activity.objects.exists()


def test_a_user_without_the_permission_cannot_send(sales_user):
    sales_user.groups.clear()
    sales_user = type(sales_user).objects.get(pk=sales_user.pk)
    with pytest.raises(BusinessRuleError, match="permission to send email"):
        send(sales_user)


def test_the_same_dedupe_key_sends_once(sales_user, contact, run_on_commit):
    with run_on_commit():
        first = send(sales_user, dedupe_key="invoice:1:reminder:3")
        again = send(sales_user, subject="Other", dedupe_key="invoice:1:reminder:3")
    assert again.pk == first.pk
    assert EmailMessage.objects.count() == 1 and Activity.objects.count() == 1
    assert len(mail.outbox) == 1


def test_attachments_are_stored_and_sent(sales_user, run_on_commit):
    with run_on_commit():
        message = send(
            sales_user, attachments=[("Q-000001.pdf", b"%PDF-1.4 hello", "application/pdf")]
        )
    stored = message.attachments.get()
    assert (stored.filename, stored.content_type, stored.size) == (
        "Q-000001.pdf",
        "application/pdf",
        14,
    )
    assert stored.file.name.startswith("outbox/") and "Q-000001" not in stored.file.name
    assert mail.outbox[0].attachments == [("Q-000001.pdf", b"%PDF-1.4 hello", "application/pdf")]


def test_only_admins_retry_and_only_failed_emails(sales_user, crm_admin, run_on_commit):
    message = send(sales_user)
    with pytest.raises(BusinessRuleError, match="Only admins"):
        retry_email(message, user=sales_user)
    with pytest.raises(BusinessRuleError, match="this one is queued"):
        retry_email(message, user=crm_admin)
    EmailMessage.objects.filter(pk=message.pk).update(status=EmailStatus.FAILED, attempts=5)
    with run_on_commit():
        retry_email(message, user=crm_admin)
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (EmailStatus.SENT, 6, 1)


def test_another_users_email_is_not_refused_for_a_sales_user(contact):
    other = UserFactory()
    assert send(other, related=contact).activity.owner == other
