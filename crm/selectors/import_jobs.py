"""Reading big-import jobs (crm.models.import_jobs): who may see one, what to tell its owner."""

from django.apps import apps
from django.db.models import Q

from crm.models import ImportJob
from crm.models.import_jobs import ACTIVE, FINISHED, ImportJobStatus

DONE = (
    "Import of {plural} from '{file}' finished: {new:,} new, {updated:,} updated and "
    "{skipped:,} unchanged."
)
FAILED = "Import of {plural} from '{file}' failed: nothing was imported. {why}"
ROWS_FAILED = "{count:,} row(s) have errors; see them on the import page."


def can_see(user, job: ImportJob) -> bool:
    """A job's progress and result: its owner and admins."""
    return bool(user.is_authenticated and (job.user_id == user.pk or user.is_admin_role))


def visible_job(user, job_id, *, object_kind: str | None = None) -> ImportJob | None:
    """The job if it exists (of that object kind, if given) and ``user`` may see it."""
    try:
        job = ImportJob.objects.select_related("user").get(pk=int(job_id))
    except (ImportJob.DoesNotExist, TypeError, ValueError, OverflowError):
        return None
    if object_kind is not None and job.object_kind != object_kind:
        return None
    return job if can_see(user, job) else None


def active_job(object_kind: str) -> ImportJob | None:
    """The queued or running job of that object kind, if any (there is at most one)."""
    return ImportJob.objects.filter(object_kind=object_kind, status__in=ACTIVE).first()


def own_running_job(user, job_ids, object_kind: str) -> ImportJob | None:
    """Of ``job_ids`` (none: no query), the user's queued or running job of that kind."""
    if not job_ids:
        return None
    jobs = ImportJob.objects.filter(pk__in=job_ids, user=user, object_kind=object_kind)
    return jobs.filter(status__in=ACTIVE).first()


def finished_unnotified(user, job_ids) -> list[ImportJob]:
    """Of ``job_ids``, the user's jobs that have finished and whose result they were not told."""
    return list(
        ImportJob.objects.filter(
            Q(pk__in=job_ids, user=user, status__in=FINISHED, notified_at__isnull=True)
        )
    )


def known_ids(job_ids) -> set[int]:
    """Of ``job_ids``, the ones still worth watching: queued, running or not yet told."""
    return set(
        ImportJob.objects.filter(pk__in=job_ids)
        .filter(Q(status__in=ACTIVE) | Q(notified_at__isnull=True))
        .values_list("pk", flat=True)
    )


def plural_of(job: ImportJob) -> str:
    """ "leads", "campaign members" …"""
    try:
        return str(apps.get_model("crm", job.object_kind)._meta.verbose_name_plural)
    except LookupError:
        return job.object_kind


def summary(job: ImportJob) -> str:
    """One sentence on a finished job's outcome (the toast, the page's headline)."""
    if job.status == ImportJobStatus.DONE:
        return DONE.format(
            plural=plural_of(job),
            file=job.file_name,
            new=job.created_count,
            updated=job.updated_count,
            skipped=job.skipped_count,
        )
    why = job.message or ROWS_FAILED.format(count=job.error_count)
    return FAILED.format(plural=plural_of(job), file=job.file_name, why=why)


def progress(job: ImportJob) -> dict:
    """What the import page's progress bar polls."""
    return {
        "id": job.pk,
        "status": job.status,
        "finished": job.finished,
        "total_rows": job.total_rows,
        "rows_done": job.rows_done,
        "error_count": job.error_count,
        "errors": [{"row": row, "message": message} for row, message in job.errors[:10]],
        "summary": summary(job) if job.finished else "",
    }
