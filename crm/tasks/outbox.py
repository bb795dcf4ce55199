"""Sending an outbox message (``crm.services.outbox.queue_email`` queues it): plain text plus
an HTML part that is the escaped text with its line breaks, so user-typed text never becomes
markup. A failed attempt is counted and retried with exponential backoff; after
``MAX_ATTEMPTS`` the message is marked failed with the last error (an admin may retry it from
the Outbox).

The message row is locked while it is sent, and only a queued message is sent, so two workers
(or a retry racing a manual Retry) never send one message twice. In-process mode (no broker)
runs the retries at once, ending in the same state."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks

from crm.models.outbox import EmailMessage, EmailStatus
from crm.selectors.company import company_information

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # 1, 2, 4, 8 minutes between the attempts
ERROR_LENGTH = 300


def html_body(text: str) -> str:
    """The escaped text as paragraphs and line breaks: a ``<script>`` typed in the body
    arrives as ``&lt;script&gt;``."""
    return linebreaks(escape(text))


def reply_to_address(message: EmailMessage) -> list[str]:
    if message.reply_to:
        return [message.reply_to]
    address = (getattr(company_information(), "reply_to_email", "") or "").strip()
    return [address] if address else []


def build_email(message: EmailMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to_list,
        cc=message.cc_list,
        reply_to=reply_to_address(message),
    )
    email.attach_alternative(html_body(message.body), "text/html")
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def short_error(exc: Exception) -> str:
    """What went wrong, short and without the connection's details (no credentials)."""
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ").strip()
    return text[:ERROR_LENGTH]


def backoff(attempts: int) -> int:
    return BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)


def attempt_send(message_id: int, *, last_try: bool) -> tuple[bool, Exception | None]:
    """One attempt under the row lock. Returns (done, error): done when there is nothing more
    to do (sent now, sent before, failed for good, gone)."""
    with transaction.atomic():
        message = EmailMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != EmailStatus.QUEUED:
            return True, None
        message.attempts += 1
        try:
            build_email(message).send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any failure of the mail backend is retried
            message.last_error = short_error(exc)
            if last_try:
                message.status = EmailStatus.FAILED
            message.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            return last_try, exc
        message.status, message.sent_at, message.last_error = EmailStatus.SENT, timezone.now(), ""
        message.save(update_fields=["attempts", "last_error", "status", "sent_at", "updated_at"])
        return True, None


@shared_task(
    bind=True,
    name="crm.tasks.outbox.send_email",
    ignore_result=True,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_email(self, message_id: int) -> None:
    last_try = self.request.retries >= self.max_retries
    done, error = attempt_send(message_id, last_try=last_try)
    if not done:
        raise self.retry(exc=error, countdown=backoff(self.request.retries + 1))
