"""The worker's side of a big import (``crm.tasks.imports.run_import``): read the stored file,
validate and import it with the same all-or-nothing rules as ``manage.py import_records``
(``crm.resources.running``), report progress as it goes, record the outcome.

The import runs in one transaction, so progress written on the task's own connection would
stay invisible until the end (and vanish with a rollback). Progress is therefore written on a
second, autocommitting connection to the same database (``ProgressWriter``): the import page
sees rows done and errors so far while the import's transaction is still open. That
connection only ever updates the job's row, which the import's transaction never touches, so
the two cannot wait on each other. SQLite (the demo, quick test runs) allows one writer at a
time: there the progress is written once, with the outcome.

Running a job claims it (queued → running) in one conditional UPDATE, so a task delivered
twice imports once.

It lives beside the resources, not in ``crm.services``: it runs a resource's import the way
``import_records`` does, and the resources already call into the services (lead statuses), so
a service importing the resources would make a cycle."""

import json
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from crm.models import ImportJob, ImportJobStatus
from crm.models.import_jobs import KEPT_ERRORS
from crm.resources import RESOURCES_BY_MODEL
from crm.resources.base import file_line
from crm.resources.formats import TooManyRows
from crm.resources.running import (
    import_all_or_nothing,
    read_dataset,
    row_error_message,
    row_errors,
    totals,
    with_row_hook,
)

logger = logging.getLogger(__name__)

UNREADABLE = "The file could not be read as {format}: {error}"
NO_ROWS = "The file has no rows under its header."
TOO_MANY_ROWS = (
    "The file has more than {limit:,} rows, the most a background import takes; split it, "
    "or ask an administrator to import it with manage.py import_records."
)
UNKNOWN_KIND = "These records can no longer be imported."
CRASHED = (
    "The import stopped on an unexpected error; nothing was imported. Try again, or ask an "
    "administrator."
)
#: Progress is written after this many rows, or this many seconds, whichever comes first.
PROGRESS_ROWS = 250
PROGRESS_SECONDS = 1.0


class ProgressWriter:
    """Counts rows and their errors and writes them to the job's row, on a connection of its
    own (PostgreSQL) so they commit while the import's transaction is open."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.rows_done = 0
        self.error_count = 0
        self.errors: list[list] = []
        self.written_at = time.monotonic()
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def row(self, row_result, number: int) -> None:
        self.rows_done += 1
        message = row_error_message(row_result)
        if message is not None:
            self.error_count += 1
            if len(self.errors) < KEPT_ERRORS:
                self.errors.append([file_line(number) if number else None, message])
        if (
            self.rows_done % PROGRESS_ROWS == 0
            or time.monotonic() - self.written_at >= PROGRESS_SECONDS
        ):
            self.write()

    def write(self, **columns) -> None:
        """The counts so far (and ``columns``, e.g. total_rows) on the job's row, committed."""
        self.written_at = time.monotonic()
        if self.side is None:
            return
        values = {
            "rows_done": self.rows_done,
            "error_count": self.error_count,
            "errors": json.dumps(self.errors),
            "progress_at": timezone.now(),
            **columns,
        }
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        sets = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {sets} WHERE id = %s AND status = %s",  # noqa: S608
                [*values.values(), self.job_id, ImportJobStatus.RUNNING],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def claim(job_id: int) -> ImportJob | None:
    """The job, now running, if it was queued; None if it ran already or was released."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=now, progress_at=now
    )
    return ImportJob.objects.select_related("user").get(pk=job_id) if claimed else None


def finish(job: ImportJob, status: str, **columns) -> None:
    """Record the outcome (unless the job was released meanwhile) and drop the stored file:
    it holds the client's data and is not needed once the job is over."""
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
        status=status, finished_at=now, progress_at=now, file="", **columns
    )
    if job.file:
        job.file.delete(save=False)


def read(job: ImportJob):
    with job.file.open("rb") as stored:
        data = stored.read()
    return read_dataset(data, f".{job.file_format}", row_limit=settings.CRM_IMPORT_WORKER_MAX_ROWS)


def run_import(job_id: int) -> ImportJob | None:
    """Import the job's file, all or nothing; the finished job (None if it was not queued)."""
    job = claim(job_id)
    if job is None:
        return None
    resource_class = RESOURCES_BY_MODEL.get(job.object_kind)
    if resource_class is None:
        finish(job, ImportJobStatus.FAILED, message=UNKNOWN_KIND)
        return ImportJob.objects.get(pk=job_id)
    try:
        dataset = read(job)
    except TooManyRows as exc:
        finish(job, ImportJobStatus.FAILED, message=TOO_MANY_ROWS.format(limit=exc.limit))
        return ImportJob.objects.get(pk=job_id)
    except Exception as exc:  # any parser error is the file's fault, said plainly
        message = UNREADABLE.format(format=job.get_file_format_display(), error=exc)
        finish(job, ImportJobStatus.FAILED, message=message[:2000])
        return ImportJob.objects.get(pk=job_id)
    if not len(dataset):
        finish(job, ImportJobStatus.FAILED, message=NO_ROWS, total_rows=0)
        return ImportJob.objects.get(pk=job_id)
    progress = ProgressWriter(job.pk)
    try:
        progress.write(total_rows=len(dataset))
        resource = with_row_hook(resource_class, progress.row)()
        result = import_all_or_nothing(resource, dataset, user=job.user, file_name=job.file_name)
    except Exception:
        logger.exception("Import job %s stopped on an unexpected error", job.pk)
        finish(
            job,
            ImportJobStatus.FAILED,
            message=CRASHED,
            total_rows=len(dataset),
            rows_done=min(progress.rows_done, len(dataset)),
            error_count=progress.error_count,
            errors=progress.errors,
        )
        return ImportJob.objects.get(pk=job_id)
    finally:
        progress.close()
    record_result(job, result, total=len(dataset))
    return ImportJob.objects.get(pk=job_id)


def record_result(job: ImportJob, result, *, total: int) -> None:
    errors = row_errors(result)
    new, updated, skipped = totals(result)
    kept = [[file_line(number) if number else None, message] for number, message in errors]
    finish(
        job,
        ImportJobStatus.FAILED if errors else ImportJobStatus.DONE,
        total_rows=total,
        rows_done=total,
        error_count=len({number for number, _ in errors}),
        errors=kept[:KEPT_ERRORS],
        created_count=0 if errors else new,
        updated_count=0 if errors else updated,
        skipped_count=0 if errors else skipped,
    )
