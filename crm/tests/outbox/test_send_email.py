"""The worker's send (crm.tasks.outbox): retries with backoff and ends sent or failed, never
sends a message twice, and its HTML part is the escaped text."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from crm.models import EmailMessage, EmailStatus
from crm.services.outbox import queue_email
from crm.tasks.outbox import MAX_ATTEMPTS, backoff, send_email

pytestmark = pytest.mark.django_db


def flaky_backend(monkeypatch, failures: int):
    calls = {"count": 0}
    real = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["count"] += 1
        if calls["count"] <= failures:
            raise ConnectionRefusedError("SMTP server at smtp.example:25 refused")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return calls


def queue(user, run_on_commit, **overrides):
    fields = {"to": "jane@acme.example", "subject": "Hello", "body": "Hi"} | overrides
    with run_on_commit():
        message = queue_email(user=user, **fields)
    message.refresh_from_db()
    return message


def test_a_send_that_fails_twice_then_succeeds_is_sent_after_three_attempts(
    sales_user, run_on_commit, monkeypatch
):
    calls = flaky_backend(monkeypatch, failures=2)
    message = queue(sales_user, run_on_commit)
    assert (message.status, message.attempts, calls["count"]) == (EmailStatus.SENT, 3, 3)
    assert message.sent_at is not None and message.last_error == ""
    assert len(mail.outbox) == 1


def test_a_send_that_always_fails_ends_failed_with_the_last_error(
    sales_user, run_on_commit, monkeypatch
):
    calls = flaky_backend(monkeypatch, failures=99)
    message = queue(sales_user, run_on_commit)
    assert (message.status, message.attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
    assert calls["count"] == MAX_ATTEMPTS and message.sent_at is None
    assert message.last_error.startswith("ConnectionRefusedError: SMTP server")
    assert mail.outbox == []


def test_the_backoff_doubles():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_a_sent_message_is_never_sent_again(sales_user, run_on_commit):
    message = queue(sales_user, run_on_commit)
    send_email.delay(message.pk)
    send_email.delay(message.pk)
    assert len(mail.outbox) == 1
    assert EmailMessage.objects.get(pk=message.pk).attempts == 1


def test_a_missing_message_is_nothing_to_send():
    send_email.delay(123456)
    assert mail.outbox == []


def test_the_html_part_is_the_escaped_text(sales_user, run_on_commit):
    body = "Hi <b>Jane</b>,\n<script>alert(1)</script>\n\nBye & thanks"
    queue(sales_user, run_on_commit, body=body)
    sent = mail.outbox[0]
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and sent.body == body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;Jane&lt;/b&gt;" in html and "<br>" in html and "&amp; thanks" in html


def test_reply_to_and_cc_reach_the_message(sales_user, run_on_commit):
    queue(sales_user, run_on_commit, cc="boss@acme.example", reply_to="billing@agency.example")
    sent = mail.outbox[0]
    assert sent.cc == ["boss@acme.example"] and sent.reply_to == ["billing@agency.example"]


def test_the_company_reply_to_is_used_when_the_email_names_none(sales_user, run_on_commit):
    from crm.models.company import SINGLETON_ID, CompanyInformation

    CompanyInformation.objects.create(
        pk=SINGLETON_ID, legal_name="Agency Ltd", reply_to_email="hello@agency.example"
    )
    queue(sales_user, run_on_commit)
    assert mail.outbox[0].reply_to == ["hello@agency.example"]
