"""The worker's task on its own: progress fields, all or nothing, one job per object kind."""

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from crm.models import ImportJob, ImportJobStatus, Lead
from crm.models.import_jobs import IMPORT_KINDS, ONE_ACTIVE_PER_KIND
from crm.resources import RESOURCES_BY_MODEL, job_runs
from crm.tasks.imports import run_import
from crm.tests.import_jobs.conftest import csv_bytes, lead_rows, queued_job

pytestmark = pytest.mark.django_db


def test_the_import_kinds_are_the_resources():
    assert set(RESOURCES_BY_MODEL) == IMPORT_KINDS


def test_the_task_imports_the_file_and_records_progress_and_result(importer):
    job = queued_job(importer, csv_bytes(lead_rows(30)))
    stored = job.file.name

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert (job.total_rows, job.rows_done, job.error_count, job.errors) == (30, 30, 0, [])
    assert (job.created_count, job.updated_count, job.skipped_count) == (30, 0, 0)
    assert job.started_at <= job.finished_at and job.progress_at == job.finished_at
    assert Lead.objects.count() == 30
    assert set(Lead.objects.values_list("owner", flat=True)) == {importer.pk}
    # The stored copy of the client's file is dropped once the job is over.
    assert job.file.name == "" and not job.file.storage.exists(stored)


def test_one_bad_row_imports_nothing_and_lists_the_row(importer):
    rows = lead_rows(20)
    rows[6][4] = "Sleeping"  # row 8 of the spreadsheet (the header is row 1)
    rows[12][1] = ""  # last name is required
    job = queued_job(importer, csv_bytes(rows))

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert not Lead.objects.exists()
    assert (job.total_rows, job.rows_done, job.error_count) == (20, 20, 2)
    assert [row for row, _ in job.errors] == [8, 14]
    assert "Status" in job.errors[0][1] and "Sleeping" in job.errors[0][1]
    assert job.errors[1][1].startswith("Last Name:")
    assert (job.created_count, job.updated_count, job.skipped_count) == (0, 0, 0)


def test_only_the_first_50_errors_are_kept_but_all_are_counted(importer):
    rows = [[*row[:4], "Sleeping"] for row in lead_rows(70)]
    job = queued_job(importer, csv_bytes(rows))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.error_count == 70 and len(job.errors) == 50
    assert not Lead.objects.exists()


def test_progress_is_counted_row_by_row_failed_rows_included(importer, monkeypatch):
    seen = []
    monkeypatch.setattr(job_runs, "PROGRESS_ROWS", 5)
    monkeypatch.setattr(job_runs, "PROGRESS_SECONDS", 3600.0)
    original = job_runs.ProgressWriter.write

    def write(self, **columns):
        seen.append((self.rows_done, self.error_count, columns.get("total_rows")))
        original(self, **columns)

    monkeypatch.setattr(job_runs.ProgressWriter, "write", write)
    rows = lead_rows(12)
    rows[2][4] = "Sleeping"
    run_import(queued_job(importer, csv_bytes(rows)).pk)
    assert seen[0] == (0, 0, 12)  # the total, before the first row
    assert (5, 1, None) in seen and (10, 1, None) in seen


def test_a_task_delivered_twice_imports_once(importer):
    job = queued_job(importer, csv_bytes(lead_rows(3)))
    run_import(job.pk)
    assert job_runs.run_import(job.pk) is None  # no longer queued: nothing to do
    assert Lead.objects.count() == 3


def test_an_unreadable_file_fails_with_the_reason(importer):
    job = queued_job(importer, b"PK\x03\x04 not really a workbook", name="leads.xlsx")
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.message.startswith("The file could not be read as Excel (.xlsx):")


@override_settings(CRM_IMPORT_WORKER_MAX_ROWS=10)
def test_the_worker_has_a_row_cap_too(importer):
    job = queued_job(importer, csv_bytes(lead_rows(11)))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.message.startswith("The file has more than 10 rows, the most a background")
    assert not Lead.objects.exists()


def test_a_file_with_only_a_header_fails_plainly(importer):
    job = queued_job(importer, csv_bytes([]))
    run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJobStatus.FAILED, job_runs.NO_ROWS)


def test_the_database_allows_one_queued_or_running_job_per_object_kind(importer):
    running = queued_job(importer, csv_bytes(lead_rows(1)))
    ImportJob.objects.filter(pk=running.pk).update(status=ImportJobStatus.RUNNING)
    queued_job(importer, csv_bytes(lead_rows(1)), kind="account", name="accounts.csv")
    # PostgreSQL names the constraint, SQLite its column.
    refused = "import_job_one_active_per_kind|crm_importjob.object_kind"
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        queued_job(importer, csv_bytes(lead_rows(1)))
    ImportJob.objects.filter(pk=running.pk).update(status=ImportJobStatus.DONE)
    queued_job(importer, csv_bytes(lead_rows(1)))  # finished jobs do not count


def test_the_constraint_message_is_clear(importer):
    queued_job(importer, csv_bytes(lead_rows(1)))
    second = ImportJob(object_kind="lead", file_name="b.csv", file_format="csv", user=importer)
    with pytest.raises(Exception) as refused:
        second.validate_constraints()
    assert ONE_ACTIVE_PER_KIND in str(refused.value)
