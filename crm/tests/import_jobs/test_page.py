"""The import page with a file over its row cap: the worker imports it (in-process here, at
once), the page shows the job, its progress as JSON, and the owner is told the result."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.job_notices import SESSION_KEY
from crm.models import ImportJob, ImportJobStatus, Lead
from crm.services.import_jobs import start_import
from crm.tests.factories import UserFactory
from crm.tests.import_jobs.conftest import csv_bytes, lead_rows, queued_job, upload

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:crm_lead_import")


def job_url(job):
    return reverse("admin:crm_lead_import_job", args=[job.pk])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@override_settings(CRM_IMPORT_MAX_ROWS=10)
@pytest.mark.django_db(transaction=True)
def test_a_file_over_the_row_cap_is_imported_by_the_worker_and_the_page_shows_the_result(
    sales_client, sales_user
):
    response = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(25))})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"{IMPORT_URL}?job={job.pk}"
    # No broker: the task ran as soon as the upload committed.
    assert job.status == ImportJobStatus.DONE and Lead.objects.count() == 25
    page = sales_client.get(response.url)
    html = page.content.decode()
    assert 'data-testid="import-job" data-status="done"' in html
    assert "Import of leads from &#x27;leads.csv&#x27; finished: 25 new, 0 updated" in html
    assert "data-import-job" not in html  # no progress bar left to poll
    # Seen on the page, so no toast on the next one.
    job.refresh_from_db()
    assert job.notified_at is not None
    assert toasts(sales_client.get(reverse("admin:crm_lead_changelist"))) == []


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_a_failed_job_page_lists_the_rows_in_error(
    sales_client, sales_user, django_capture_on_commit_callbacks
):
    rows = lead_rows(12)
    rows[3][4] = "Sleeping"
    with django_capture_on_commit_callbacks(execute=True):
        response = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(rows)})
    html = sales_client.get(response.url).content.decode()
    assert "failed: nothing was imported. 1 row(s) have errors" in html
    assert '<li data-row="5"><strong>Row 5</strong>: Status:' in html
    assert not Lead.objects.exists()


def test_files_under_the_cap_keep_the_preview_and_make_no_job(sales_client):
    response = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(3))})
    assert response.context["result"].totals["new"] == 3
    assert not ImportJob.objects.exists() and not Lead.objects.exists()


def test_a_running_job_shows_a_progress_bar_polling_its_json(sales_client, sales_user):
    job = queued_job(sales_user, csv_bytes(lead_rows(3)))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, total_rows=3, rows_done=2, error_count=1
    )
    html = sales_client.get(f"{IMPORT_URL}?job={job.pk}").content.decode()
    assert f'data-import-job="{job_url(job)}"' in html
    assert '<progress class="crm-import-job__bar" max="3" value="2"' in html
    assert "crm/import_progress" in html and "<script>" not in html  # CSP: no inline script

    data = sales_client.get(job_url(job), HTTP_ACCEPT="application/json").json()
    assert data["status"] == "running" and data["finished"] is False
    assert (data["total_rows"], data["rows_done"], data["error_count"]) == (3, 2, 1)


def test_only_the_owner_and_admins_see_a_job(client, sales_user, crm_admin):
    job = queued_job(sales_user, csv_bytes(lead_rows(3)))
    other = UserFactory(email="olga@agency.example")
    client.force_login(other)
    assert client.get(job_url(job)).status_code == 404
    page = client.get(f"{IMPORT_URL}?job={job.pk}")
    assert 'data-testid="import-job"' not in page.content.decode()
    assert "not yours to see" in " ".join(toasts(page))
    client.force_login(crm_admin)
    assert client.get(job_url(job)).json()["id"] == job.pk
    client.force_login(sales_user)
    assert client.get(job_url(job)).status_code == 200
    client.logout()
    assert client.get(job_url(job)).status_code == 302  # to the sign-in page


def test_a_job_is_only_shown_on_its_own_objects_page(sales_client, sales_user):
    job = queued_job(sales_user, csv_bytes(lead_rows(3)))
    url = reverse("admin:crm_account_import_job", args=[job.pk])
    assert sales_client.get(url).status_code == 404


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_no_second_import_of_an_object_while_one_runs(sales_client, crm_admin):
    queued_job(crm_admin, csv_bytes(lead_rows(3)), name="first.csv")
    big = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(25))})
    (error,) = big.context["form"].errors["import_file"]
    assert error == (
        "Leads are being imported from 'first.csv' (uploaded by Ada Admin). Wait until that "
        "import has finished, then upload this file again."
    )
    small = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(2))})
    assert small.context["form"].errors["import_file"] == [error]
    assert ImportJob.objects.count() == 1
    accounts = reverse("admin:crm_account_import")
    account_file = SimpleUploadedFile("a.csv", b"Account Name\nAcme\n")
    other_kind = sales_client.post(accounts, {"format": "0", "import_file": account_file})
    assert other_kind.context["result"].totals["new"] == 1


def test_the_service_refuses_a_second_job_and_users_without_the_permission(sales_user):
    start_import(user=sales_user, object_kind="lead", upload=upload(lead_rows(1)))
    with pytest.raises(BusinessRuleError, match="Leads are being imported from 'leads.csv'"):
        start_import(user=sales_user, object_kind="lead", upload=upload(lead_rows(1)))
    with pytest.raises(BusinessRuleError, match="permission to import products"):
        start_import(user=sales_user, object_kind="product", upload=upload(lead_rows(1)))
    with pytest.raises(BusinessRuleError, match="cannot be imported"):
        start_import(user=sales_user, object_kind="opportunity", upload=upload(lead_rows(1)))


@override_settings(CRM_IMPORT_STALE_MINUTES=30)
def test_a_job_whose_worker_died_is_released_by_the_next_upload(sales_user):
    dead = queued_job(sales_user, csv_bytes(lead_rows(1)))
    long_ago = timezone.now() - timedelta(minutes=31)
    ImportJob.objects.filter(pk=dead.pk).update(status="running", progress_at=long_ago)
    job = start_import(user=sales_user, object_kind="lead", upload=upload(lead_rows(1)))
    dead.refresh_from_db()
    assert dead.status == ImportJobStatus.FAILED
    assert dead.message.startswith("The worker stopped: no progress for 30 minutes.")
    assert job.status == ImportJobStatus.QUEUED


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_the_owner_gets_a_toast_on_their_next_page_once(sales_client):
    # In a test transaction nothing commits: the job stays queued until run below.
    response = sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(25))})
    job = ImportJob.objects.get()
    assert sales_client.session[SESSION_KEY] == [job.pk]
    assert toasts(sales_client.get(reverse("admin:crm_lead_changelist"))) == []  # still queued
    from crm.tasks.imports import run_import

    run_import(job.pk)
    first = sales_client.get(reverse("admin:crm_account_changelist"))
    assert toasts(first) == [
        "Import of leads from 'leads.csv' finished: 25 new, 0 updated and 0 unchanged."
    ]
    assert SESSION_KEY not in sales_client.session
    assert toasts(sales_client.get(reverse("admin:crm_account_changelist"))) == []
    assert response.status_code == 302


def test_no_query_for_notices_when_the_session_holds_no_job(
    sales_client, django_assert_num_queries
):
    from crm.job_notices import JobNoticeMiddleware

    request = sales_client.get(reverse("admin:crm_lead_changelist")).wsgi_request
    middleware = JobNoticeMiddleware(lambda request: "page")
    with django_assert_num_queries(0):
        assert middleware(request) == "page"


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_the_import_page_shows_the_uploaders_running_job_without_asking(sales_client, client):
    sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(25))})
    job = ImportJob.objects.get()
    page = sales_client.get(IMPORT_URL).content.decode()
    assert f'data-import-job="{job_url(job)}"' in page
    # Nothing for another page's objects, nor for a session that started no job.
    accounts = sales_client.get(reverse("admin:crm_account_import")).content.decode()
    assert "data-import-job" not in accounts


@override_settings(CRM_IMPORT_MAX_ROWS=10)
def test_the_previews_temporary_copy_is_removed_once_the_job_has_the_file(
    sales_client, monkeypatch
):
    from import_export.tmp_storages import TempFolderStorage

    removed, remove = [], TempFolderStorage.remove

    def record(self):
        removed.append(self.get_full_path())
        remove(self)

    monkeypatch.setattr(TempFolderStorage, "remove", record)
    sales_client.post(IMPORT_URL, {"format": "0", "import_file": upload(lead_rows(25))})
    assert len(removed) == 1 and not Path(removed[0]).exists()
