"""A big import (issue 26): a file over the web page's row cap, stored privately and imported
by the worker (``crm.tasks.imports.run_import``) with the same all-or-nothing rules as
``manage.py import_records``; the import page polls its progress.

At most one queued or running job per object kind (the partial unique constraint): two big
files of leads importing at once would race on the same natural keys. ``progress_at`` moves
with every progress write, so a job whose worker died can be told from a slow one."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

ONE_ACTIVE_PER_KIND = (
    "Another import of these records is still running; wait until it has finished, then "
    "upload this file again."
)
#: The models a file can be imported into: ``crm.resources.RESOURCES_BY_MODEL``'s keys (a test
#: keeps them equal; models cannot import the resources).
IMPORT_KINDS = frozenset({"account", "contact", "lead", "product", "campaignmember"})
#: Row errors kept on the job (the rest are only counted).
KEPT_ERRORS = 50


def import_file_path(instance, filename: str) -> str:
    """Random stored names (like attachments): an uploaded name never picks the path."""
    suffix = PurePath(filename).suffix.lower()[:16]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


ACTIVE = (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)
FINISHED = (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"


class ImportJob(models.Model):
    object_kind = models.CharField(
        max_length=40, help_text="The model imported (an import_records model name, e.g. lead)."
    )
    file = models.FileField(upload_to=import_file_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8, choices=ImportFormat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    status = models.CharField(
        max_length=8, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField("rows with errors", default=0)
    #: The first KEPT_ERRORS errors as [spreadsheet row number or null, message].
    errors = models.JSONField(default=list, blank=True)
    #: Why the whole file failed (unreadable, the worker stopped …), beside the row errors.
    message = models.TextField(blank=True)
    created_count = models.PositiveIntegerField("new", default=0)
    updated_count = models.PositiveIntegerField("updated", default=0)
    skipped_count = models.PositiveIntegerField("unchanged", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: When the owner was told the result (the page or a toast), so it is told once.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import job"
        verbose_name_plural = "import jobs"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_kind"],
                condition=Q(status__in=ACTIVE),
                name="import_job_one_active_per_kind",
                violation_error_message=ONE_ACTIVE_PER_KIND,
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values),
                name="import_job_status_valid",
                violation_error_message="Unknown import job status.",
            ),
            models.CheckConstraint(
                condition=Q(total_rows__isnull=True) | Q(rows_done__lte=F("total_rows")),
                name="import_job_rows_done_within_total",
                violation_error_message="An import cannot have done more rows than the file has.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
