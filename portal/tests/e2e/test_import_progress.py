"""A big import on the worker, in Chromium (issue 26): the import page's progress bar polls the
job (static JS under the CSP), moves as the worker reports rows, and once the job has finished
the page reloads with the result."""

from django.core.files.base import ContentFile

from crm.models import ImportJob, ImportJobStatus
from crm.tests.factories import UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def test_the_progress_bar_follows_the_job_until_its_result(signed_in_page, live_server, screenshot):
    user = UserFactory(email="sam@agency.example")
    job = ImportJob(object_kind="lead", file_name="leads.csv", file_format="csv", user=user)
    job.file.save("leads.csv", ContentFile(b"First Name\n"), save=False)
    job.status, job.total_rows, job.rows_done, job.error_count = "running", 12000, 3000, 0
    job.save()
    page = signed_in_page(user.email, PASSWORD)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server.url}/crm/lead/import/?job={job.pk}")
    bar = page.locator("[data-job-bar]")
    assert bar.get_attribute("value") == "3000" and bar.get_attribute("max") == "12000"
    screenshot("import-progress-running")

    ImportJob.objects.filter(pk=job.pk).update(rows_done=9000, error_count=2)
    page.wait_for_function("document.querySelector('[data-job-bar]').value === 9000")
    assert page.locator("[data-job-errors]").inner_text() == "2"
    assert "9,000 of 12,000 rows checked" in page.locator("[data-job-text]").inner_text()

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE, rows_done=12000, error_count=0, created_count=12000
    )
    page.wait_for_selector('[data-testid="import-job"][data-status="done"]')
    summary = page.locator('[data-testid="import-job-summary"]').inner_text()
    assert summary.startswith("Import of leads from 'leads.csv' finished: 12,000 new")
    screenshot("import-progress-done")
    assert errors == []  # no CSP refusal, no script error
