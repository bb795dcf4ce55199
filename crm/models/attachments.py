"""Files attached to any record (SPEC §6 Attachment).

Files live in the ``default`` storage (settings.STORAGES: a FileSystemStorage under the
private MEDIA_ROOT, swappable for S3), which no URL serves: they are only streamed by the
authenticated download view. Stored names are random, so an uploaded name can never pick or
guess a path; the original filename is kept for the download."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


def attachment_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:16]
    return f"attachments/{instance.content_type_id}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def for_record(self, record):
        """Attachments of one record, newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Attachment(models.Model):
    """Not versioned: an attachment is uploaded once and may be removed (SPEC §4)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_filename = models.CharField("file name", max_length=255)
    mime_type = models.CharField("content type", max_length=150, blank=True)
    size = models.PositiveBigIntegerField("size (bytes)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("uploaded at", auto_now_add=True, db_index=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="attachment_record_idx"),
        ]

    def __str__(self) -> str:
        return self.original_filename

    def get_download_url(self) -> str:
        return reverse("attachment_download", args=[self.pk])
