"""The outbox (issue 26): one ``EmailMessage`` per email the CRM sends — Send Email, Send
Quote, Send Invoice, payment reminders. The worker (``crm.tasks.outbox``) sends it with retries;
the message keeps its status, attempts and last error, and the completed Email activity it
shows as on the related record's Activity tab and the account's timeline.

Not a business record: nobody edits a message (no owner, no version, no history); only the
worker moves its status, under a row lock. Attachments live in the private ``default`` storage
(as ``crm.models.attachments``), under random names."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from crm.models.base import TimeStampedModel

SENT_NEEDS_TIME = "A sent email has the time it was sent."
STATUS_VALID = "Status must be queued, sent or failed."


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


def split_addresses(value: str) -> list[str]:
    """The stored comma-separated addresses as a list (empty for a blank field)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class EmailMessage(TimeStampedModel):
    to_addresses = models.TextField("to")
    cc_addresses = models.TextField("cc", blank=True)
    reply_to = models.CharField("reply-to", max_length=254, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField("last error", max_length=500, blank=True)
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    # One message per key (a reminder per invoice and step): sending twice finds the first.
    dedupe_key = models.CharField("dedupe key", max_length=200, null=True, blank=True, unique=True)
    activity = models.OneToOneField(
        "crm.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="email",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sent by",
    )

    class Meta:
        verbose_name = "email"
        verbose_name_plural = "emails"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values),
                name="email_status_valid",
                violation_error_message=STATUS_VALID,
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="email_sent_has_time",
                violation_error_message=SENT_NEEDS_TIME,
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def to_list(self) -> list[str]:
        return split_addresses(self.to_addresses)

    @property
    def cc_list(self) -> list[str]:
        return split_addresses(self.cc_addresses)

    @property
    def related(self):
        """The record the email is about (its activity's "what"), or None."""
        return self.activity.what if self.activity_id else None

    @property
    def person(self):
        """The contact or lead it was sent to (its activity's "who"), or None."""
        return self.activity.who if self.activity_id else None


def email_attachment_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:16]
    return f"outbox/{uuid.uuid4().hex}{suffix}"


class EmailAttachment(models.Model):
    message = models.ForeignKey(EmailMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("file name", max_length=255)
    content_type = models.CharField("content type", max_length=150)
    file = models.FileField(upload_to=email_attachment_path, max_length=255)
    size = models.PositiveBigIntegerField("size (bytes)")

    class Meta:
        verbose_name = "email attachment"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
