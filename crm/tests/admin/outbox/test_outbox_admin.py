"""Settings → Outbox (issue 26): admins list every email (failed in red), filter Failed and
Queued, open one read-only and retry the failed ones; sales users see none of it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from crm.models import EmailMessage, EmailStatus
from crm.services.outbox import queue_email
from crm.tests.factories import AccountFactory, ContactFactory, OpportunityFactory

pytestmark = pytest.mark.django_db
LIST = reverse("admin:crm_emailmessage_changelist")
LIST_QUERIES = 7
RECORD_QUERIES = 6


def make_email(user, *, status=EmailStatus.QUEUED, **overrides):
    account = AccountFactory(owner=user)
    fields = {
        "to": "jane@acme.example",
        "subject": "Hello",
        "body": "Hi <b>Jane</b>\nsecond line",
        "related": OpportunityFactory(account=account, owner=user),
        "person": ContactFactory(account=account, owner=user),
    } | overrides
    message = queue_email(user=user, **fields)
    EmailMessage.objects.filter(pk=message.pk).update(
        status=status,
        last_error="SMTPServerDisconnected: gone" if status == "failed" else "",
        sent_at=timezone.now() if status == "sent" else None,
    )
    return message


def url(message, view="change"):
    return reverse(f"admin:crm_emailmessage_{view}", args=[message.pk])


def test_the_list_shows_each_email_with_its_status(crm_admin_client, crm_admin):
    failed = make_email(crm_admin, status=EmailStatus.FAILED, subject="Invoice overdue")
    make_email(crm_admin, subject="Welcome")
    page = crm_admin_client.get(LIST).content.decode()
    assert "Invoice overdue" in page and "Welcome" in page and "jane@acme.example" in page
    assert "Failed" in page and "Queued" in page
    assert str(failed.related) in page
    failed_only = crm_admin_client.get(LIST, {"view": "failed"})
    assert [m.pk for m in failed_only.context["cl"].result_list] == [failed.pk]


def test_list_query_count_is_pinned(crm_admin_client, crm_admin, django_assert_num_queries):
    """The related record and person are joined: 2 or 5 rows cost the same."""
    crm_admin_client.get(LIST)  # warm caches
    for rows in (2, 5):
        while EmailMessage.objects.count() < rows:
            make_email(crm_admin)
        with django_assert_num_queries(LIST_QUERIES):
            response = crm_admin_client.get(LIST)
        assert len(response.context["cl"].result_list) == rows


def test_the_record_page_is_read_only_and_escapes_the_body(
    crm_admin_client, crm_admin, django_assert_max_num_queries
):
    message = make_email(
        crm_admin,
        status=EmailStatus.FAILED,
        attachments=[("Q-000001.pdf", b"%PDF-1.4", "application/pdf")],
    )
    with django_assert_max_num_queries(40):
        page = crm_admin_client.get(url(message)).content.decode()
    assert "Hi &lt;b&gt;Jane&lt;/b&gt;" in page and "<b>Jane</b>" not in page
    assert "SMTPServerDisconnected: gone" in page and "Q-000001.pdf" in page
    assert url(message, "retry_detail") in page
    assert 'name="subject"' not in page  # no form fields
    download = crm_admin_client.get(
        reverse(
            "admin:crm_emailmessage_attachment", args=[message.pk, message.attachments.get().pk]
        )
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"


def test_record_page_query_count_is_pinned(crm_admin_client, crm_admin, django_assert_num_queries):
    """One query for the message and its links, one for its files, whatever their number."""
    first = make_email(crm_admin)
    crm_admin_client.get(url(first))  # warm caches
    second = make_email(
        crm_admin,
        attachments=[("a.pdf", b"1", "application/pdf"), ("b.pdf", b"2", "application/pdf")],
    )
    for message in (first, second):
        with django_assert_num_queries(RECORD_QUERIES):
            crm_admin_client.get(url(message))


def test_no_add_edit_or_delete(crm_admin_client, crm_admin):
    message = make_email(crm_admin)
    assert crm_admin_client.get(reverse("admin:crm_emailmessage_add")).status_code == 403
    response = crm_admin_client.post(url(message), {"subject": "Changed"})
    assert response.status_code == 403
    assert EmailMessage.objects.get(pk=message.pk).subject == "Hello"
    assert crm_admin_client.get(url(message, "delete")).status_code in (403, 404)
    tab = reverse("admin:crm_emailmessage_record_tab", args=[message.pk, "history"])
    assert crm_admin_client.get(tab).status_code == 404


def test_retry_sends_a_failed_email(
    crm_admin_client, crm_admin, django_capture_on_commit_callbacks
):
    message = make_email(crm_admin, status=EmailStatus.FAILED)
    assert crm_admin_client.get(url(message, "retry_detail")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = crm_admin_client.post(url(message, "retry_detail"), {"_confirm": "1"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT and len(mail.outbox) == 1


def test_retry_is_not_offered_for_an_email_that_did_not_fail(crm_admin_client, crm_admin):
    message = make_email(crm_admin)
    assert url(message, "retry_detail") not in crm_admin_client.get(url(message)).content.decode()
    assert crm_admin_client.post(url(message, "retry_detail")).status_code == 403


def test_bulk_retry_retries_the_failed_ones(
    crm_admin_client, crm_admin, django_capture_on_commit_callbacks
):
    failed = make_email(crm_admin, status=EmailStatus.FAILED)
    sent = make_email(crm_admin, status=EmailStatus.SENT)
    EmailMessage.objects.filter(pk=sent.pk).update(
        status=EmailStatus.SENT, sent_at=failed.created_at
    )
    data = {"action": "retry_selected", "_selected_action": [failed.pk, sent.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        crm_admin_client.post(LIST, data)
    assert EmailMessage.objects.get(pk=failed.pk).status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_sales_users_have_no_outbox(sales_client, sales_user):
    message = make_email(sales_user)
    assert sales_client.get(LIST).status_code == 403
    assert sales_client.get(url(message)).status_code in (403, 404)


def test_the_history_page_shows_the_delivery(crm_admin_client, crm_admin):
    message = make_email(crm_admin, status=EmailStatus.FAILED)
    page = crm_admin_client.get(url(message, "history")).content.decode()
    assert "Failed after 0 attempt(s): SMTPServerDisconnected: gone" in page
    assert "To jane@acme.example" in page
