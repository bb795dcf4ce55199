"""On PostgreSQL the progress of a big import is visible while its transaction is still open:
it is written on a second connection (crm.resources.job_runs.ProgressWriter)."""

import pytest
from django.db import connection, connections

from crm.models import ImportJobStatus, Lead
from crm.resources import job_runs
from crm.tests.import_jobs.conftest import csv_bytes, lead_rows, queued_job

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def watch(monkeypatch, job):
    """Each progress write, as another session sees it: (rows done, total, errors, leads)."""
    observer = connections.create_connection("default")
    seen = []
    original = job_runs.ProgressWriter.write

    def write(self, **columns):
        original(self, **columns)
        assert connection.in_atomic_block or "total_rows" in columns
        with observer.cursor() as cursor:
            cursor.execute(
                "SELECT rows_done, total_rows, error_count, jsonb_array_length(errors), "
                "(SELECT count(*) FROM crm_lead) FROM crm_importjob WHERE id = %s",
                [job.pk],
            )
            seen.append(cursor.fetchone())

    monkeypatch.setattr(job_runs.ProgressWriter, "write", write)
    monkeypatch.setattr(job_runs, "PROGRESS_ROWS", 10)
    monkeypatch.setattr(job_runs, "PROGRESS_SECONDS", 3600.0)  # by rows only: predictable
    return seen, observer


def test_rows_done_are_visible_to_others_while_the_import_is_open(
    postgres_only, importer, monkeypatch
):
    job = queued_job(importer, csv_bytes(lead_rows(35)))
    seen, observer = watch(monkeypatch, job)
    try:
        job_runs.run_import(job.pk)
    finally:
        observer.close()
    # Progress commits as it goes; the leads are only there once the import commits.
    assert seen == [(0, 35, 0, 0, 0), (10, 35, 0, 0, 0), (20, 35, 0, 0, 0), (30, 35, 0, 0, 0)]
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (ImportJobStatus.DONE, 35)
    assert Lead.objects.count() == 35


def test_errors_so_far_are_visible_and_a_failed_import_leaves_nothing(
    postgres_only, importer, monkeypatch
):
    rows = lead_rows(25)
    rows[4][4] = "Sleeping"
    rows[14][4] = "Dozing"
    job = queued_job(importer, csv_bytes(rows))
    seen, observer = watch(monkeypatch, job)
    try:
        job_runs.run_import(job.pk)
    finally:
        observer.close()
    assert seen == [(0, 25, 0, 0, 0), (10, 25, 1, 1, 0), (20, 25, 2, 2, 0)]
    job.refresh_from_db()
    assert (job.status, job.error_count, [row for row, _ in job.errors]) == (
        ImportJobStatus.FAILED,
        2,
        [6, 16],
    )
    assert not Lead.objects.exists()
