"""Starting a big import on the worker and telling its owner the result (issue 26).

A file over the web page's row cap (``CRM_IMPORT_MAX_ROWS``) is stored privately (the default
storage, like attachments) and queued as an ``ImportJob``; the worker imports it with the
``import_records`` rules (``crm.resources.job_runs``). ``CRM_IMPORT_MAX_BYTES`` stays the hard
bound on any upload through the page; bigger files are for ``manage.py import_records``.

One queued or running job per object kind: the database's partial unique constraint decides,
so two uploads at once cannot both start. A job with no progress for
``CRM_IMPORT_STALE_MINUTES`` (its worker died) is marked failed when the next file of that kind
arrives, so it never blocks imports for good."""

from datetime import timedelta
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import ImportJob, ImportJobStatus
from crm.models.import_jobs import (
    ACTIVE,
    FINISHED,
    IMPORT_KINDS,
    ONE_ACTIVE_PER_KIND,
    ImportFormat,
)
from crm.queueing import queue_task

RUN_TASK = "crm.tasks.imports.run_import"
UNKNOWN_KIND = "These records cannot be imported."
NOT_ALLOWED = "You do not have permission to import {plural}."
NO_FILE = "Choose a file to import."
EMPTY_FILE = "The file is empty."
TOO_LARGE = "This file is {size}; files imported through this page may be at most {limit}."
BAD_FORMAT = "Choose a .csv or .xlsx file; '{name}' is neither."
BUSY = (
    "{plural} are being imported from '{file}' (uploaded by {user}). "
    "Wait until that import has finished, then upload this file again."
)
STALLED = (
    "The worker stopped: no progress for {minutes} minutes. Nothing was imported; upload the "
    "file again."
)


def importable(object_kind: str) -> bool:
    """The kinds with an import resource (``crm.resources.RESOURCES_BY_MODEL``)."""
    return object_kind in IMPORT_KINDS


def may_import(user, object_kind: str) -> bool:
    """The permission the import page asks for (SPEC §5): the model's ``import_<model>``, or
    for a model without one (the catalogue) the add permission; admins always."""
    model = apps.get_model("crm", object_kind)
    codename = f"import_{object_kind}"
    if not any(name == codename for name, _ in model._meta.permissions):
        codename = f"add_{object_kind}"
    return bool(user.has_perm(f"crm.{codename}") or user.is_admin_role)


def _plural(object_kind: str) -> str:
    return str(apps.get_model("crm", object_kind)._meta.verbose_name_plural)


def _file_name(upload) -> str:
    name = PurePosixPath((upload.name or "").replace("\\", "/")).name.strip()
    return name[-255:] or "import"


def _format(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lstrip(".").lower()
    if suffix not in ImportFormat.values:
        raise BusinessRuleError(BAD_FORMAT.format(name=name))
    return suffix


def release_stalled(object_kind: str) -> int:
    """Mark failed the kind's active job whose worker has said nothing for too long."""
    minutes = settings.CRM_IMPORT_STALE_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    return (
        ImportJob.objects.filter(object_kind=object_kind, status__in=ACTIVE)
        .alias(last_sign=Coalesce("progress_at", "created_at"))
        .filter(last_sign__lt=cutoff)
        .update(
            status=ImportJobStatus.FAILED,
            message=STALLED.format(minutes=minutes),
            finished_at=timezone.now(),
        )
    )


def _busy_message(object_kind: str) -> str:
    running = (
        ImportJob.objects.filter(object_kind=object_kind, status__in=ACTIVE)
        .select_related("user")
        .first()
    )
    if running is None:  # finished between the insert and this read
        return ONE_ACTIVE_PER_KIND
    return BUSY.format(
        plural=_plural(object_kind).capitalize(), file=running.file_name, user=running.user
    )


def check_not_busy(object_kind: str) -> None:
    """Refuse any import of the kind while a big one is queued or running."""
    release_stalled(object_kind)
    if ImportJob.objects.filter(object_kind=object_kind, status__in=ACTIVE).exists():
        raise BusinessRuleError(_busy_message(object_kind))


def start_import(*, user, object_kind: str, upload) -> ImportJob:
    """Store the file and queue its import on the worker; the job."""
    if not importable(object_kind):
        raise BusinessRuleError(UNKNOWN_KIND)
    if not may_import(user, object_kind):
        raise BusinessRuleError(NOT_ALLOWED.format(plural=_plural(object_kind)))
    if upload is None:
        raise BusinessRuleError(NO_FILE)
    if not upload.size:
        raise BusinessRuleError(EMPTY_FILE)
    limit = settings.CRM_IMPORT_MAX_BYTES
    if upload.size > limit:
        size, most = filesizeformat(upload.size), filesizeformat(limit)
        raise BusinessRuleError(TOO_LARGE.format(size=size, limit=most))
    name = _file_name(upload)
    job = ImportJob(object_kind=object_kind, file_name=name, file_format=_format(name), user=user)
    check_not_busy(object_kind)
    upload.seek(0)
    job.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            queue_task(RUN_TASK, job.pk)
    except IntegrityError as exc:  # another upload of the kind won the race
        job.file.delete(save=False)
        if ImportJob.objects.filter(object_kind=object_kind, status__in=ACTIVE).exists():
            raise BusinessRuleError(_busy_message(object_kind)) from exc
        raise
    except BaseException:
        job.file.delete(save=False)
        raise
    job.refresh_from_db()  # in-process (no broker) it has already run
    return job


def mark_notified(job: ImportJob, *, user) -> bool:
    """Record that the owner was told the result; True only the first time (so one toast)."""
    if job.user_id != user.pk:
        return False
    told = ImportJob.objects.filter(
        pk=job.pk, notified_at__isnull=True, status__in=FINISHED
    ).update(notified_at=timezone.now())
    return told == 1
