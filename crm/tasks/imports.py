"""Big imports (issue 26): the worker imports a file the web page queued as an ImportJob."""

from celery import shared_task

from crm.resources import job_runs


@shared_task(name="crm.tasks.imports.run_import", ignore_result=True)
def run_import(job_id: int) -> None:
    """Idempotent: a job runs only if it is still queued (a redelivered task does nothing)."""
    job_runs.run_import(job_id)
