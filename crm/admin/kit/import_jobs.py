"""Big imports on the import page (issue 26): a file over the page's row cap (or too slow to
read within a request) is not refused but handed to the worker as an ``ImportJob``; the page
then shows the job: a progress bar polling ``import/jobs/<id>/`` every 2 s
(crm/import_progress.js), and once it has finished, the outcome with the rows in error.

The job's id is kept in the uploader's session, so ``crm.job_notices`` tells them the result
as a toast on whatever page they open after it finishes, unless they saw it here first."""

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse

from crm.errors import BusinessRuleError, error_message
from crm.http import json_error
from crm.job_notices import forget_job, remember_job, session_jobs
from crm.selectors.import_jobs import own_running_job, progress, summary, visible_job
from crm.services.import_jobs import check_not_busy, mark_notified, start_import

NO_SUCH_JOB = "There is no such import, or it is not yours to see."


class SendToWorker(Exception):
    """Raised while reading an upload that is too big for the page; carries the form."""

    def __init__(self, form):
        super().__init__("Import on the worker.")
        self.form = form


class BackgroundImportMixin:
    """Mixed into ``CRMImportExportMixin`` (before import-export's admin)."""

    def job_urls(self):
        meta = self.model._meta
        return [
            path(
                "import/jobs/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name=f"{meta.app_label}_{meta.model_name}_import_job",
            )
        ]

    def busy_message(self, request) -> str:
        """Why no file of this kind may be imported now ('' if one may)."""
        try:
            check_not_busy(self.model._meta.model_name)
        except BusinessRuleError as exc:
            return error_message(exc)
        return ""

    def start_background_import(self, request, form):
        upload = form.cleaned_data["import_file"]
        self.drop_preview_copy(upload)
        try:
            job = start_import(
                user=request.user, object_kind=self.model._meta.model_name, upload=upload
            )
        except BusinessRuleError as exc:
            messages.error(request, error_message(exc))
            return HttpResponseRedirect(self._import_url())
        remember_job(request, job)
        return HttpResponseRedirect(f"{self._import_url()}?job={job.pk}")

    def drop_preview_copy(self, upload) -> None:
        """import-export saved a temporary copy for its preview; the job keeps its own."""
        name = getattr(upload, "tmp_storage_name", None)
        if name:
            storage = self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())
            storage.remove()

    def add_job_context(self, request, context) -> None:
        """The job named by ``?job=`` (the uploader's or, for admins, anyone's); without one,
        the uploader's own job of this kind still running, if their session holds one."""
        job_id = request.GET.get("job")
        if not job_id:
            running = own_running_job(
                request.user, session_jobs(request), self.model._meta.model_name
            )
            job_id = running.pk if running else None
        if not job_id:
            return
        job = visible_job(request.user, job_id, object_kind=self.model._meta.model_name)
        if job is None:
            messages.error(request, NO_SUCH_JOB)
            return
        context["import_job"] = job
        context["import_job_url"] = self._job_url(job)
        if job.finished:
            context["import_job_summary"] = summary(job)
            if mark_notified(job, user=request.user):
                forget_job(request, job)

    def import_job_view(self, request, job_id: int):
        """The job's progress as JSON, for the page's progress bar."""
        job = visible_job(request.user, job_id, object_kind=self.model._meta.model_name)
        if job is None:
            return json_error(NO_SUCH_JOB, status=404)
        return JsonResponse(progress(job))

    def _job_url(self, job) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_import_job", args=[job.pk])
