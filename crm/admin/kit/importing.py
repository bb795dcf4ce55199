"""CSV / XLSX import and export for CRM lists (SPEC §7), with Unfold's forms.

Upload → preview (a dry run in a rolled-back transaction) with counts, the first rows and every
row in error → confirm. The confirm step re-runs the import in one transaction that is rolled
back if *any* row fails, so a file is imported completely or not at all.

The page is titled "Import <objects>"; the format is the file's extension (.csv or .xlsx — no
format list to get wrong); errors name the spreadsheet's own row numbers (the header is row 1);
the columns the import takes are listed with the required ones marked.

A page request must finish well inside the web worker's timeout, so the page previews and
imports files of up to ``CRM_IMPORT_MAX_ROWS`` rows itself; a longer file (or one too slow to
read in a request) goes to the background worker, all or nothing, with its progress on this
page (``crm.admin.kit.import_jobs``). ``CRM_IMPORT_MAX_BYTES`` bounds every upload; larger
files are imported by an administrator with ``manage.py import_records``.

CSV exports stream row by row from a chunked queryset; XLSX exports are built in memory
(tablib cannot write a zip archive progressively).

Each import page links to ``fixtures/templates/<model>.csv`` ("Download template"): the exact
columns the import takes, with two example rows."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.results import RowResult
from import_export.signals import post_export
from unfold.contrib.import_export.forms import ExportForm

from crm.admin.kit.exporting import CheckedExportMixin
from crm.admin.kit.import_form import (
    ALTERNATIVE,
    CappedImportForm,
    errors_by_line,
    failed_rows,
    import_columns,
    preview,
)
from crm.admin.kit.import_jobs import BackgroundImportMixin, SendToWorker
from crm.resources.formats import (
    CSV,
    XLSX,
    ReadTooSlow,
    TooManyRows,
    WebCSV,
    WebXLSX,
    stream_csv,
)

NOTHING_IMPORTED = (
    "Nothing was imported: {count} row(s) have errors ({rows}). Correct the file and upload "
    "it again."
)
IMPORTED = "Import finished: {new} new, {updated} updated and {skipped} unchanged {plural}."
TOO_MANY_ROWS = "This file has more than {limit:,} rows, the most this page imports at once. "
TOO_SLOW = "This file took more than {seconds:g} seconds to read, the most this page allows. "
BAD_CONFIRMATION = "This import could not be confirmed; upload the file again."
NO_TEMPLATE = "There is no import template for {plural}."
LIMITS = (
    "Files of up to {rows:,} rows are previewed, then imported. Longer files (up to {size}) "
    "are checked and imported in the background, all or nothing, with their progress shown "
    "here. Files over {size} are imported by an administrator with "
    "`python manage.py import_records {model} <file>` — send them the file."
)
TITLE = "Import {plural}"
PREVIEW_ROWS = 100


def template_file(model_name: str) -> Path | None:
    """``fixtures/templates/<model>.csv``, if this model has one."""
    candidate = Path(settings.BASE_DIR) / "fixtures" / "templates" / f"{model_name}.csv"
    return candidate if candidate.is_file() else None


def refusal(exc: Exception) -> str | None:
    """The page's message for a file refused while reading, else None."""
    if isinstance(exc, TooManyRows):
        return TOO_MANY_ROWS.format(limit=exc.limit)
    if isinstance(exc, ReadTooSlow):
        return TOO_SLOW.format(seconds=exc.seconds)
    return None


class CRMImportExportMixin(BackgroundImportMixin, CheckedExportMixin, ImportExportMixin):
    """Mix into a CRMModelAdmin with ``resource_classes``. Import needs the model's custom
    ``import_<model>`` permission (SPEC §5), export the view permission."""

    import_form_class = CappedImportForm
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    import_formats = [WebCSV, WebXLSX]
    export_formats = [CSV, XLSX]
    import_template_name = "crm/admin/import.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.import_{meta.model_name}")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.model_name = self.model._meta.model_name
        if request.method == "POST":  # one import of a kind at a time (issue 26)
            form.busy_message = self.busy_message(request)
        return form

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, (TooManyRows, ReadTooSlow)):
            raise SendToWorker(form) from e  # import_action hands it to the worker
        super().add_data_read_fail_error_to_form(form, e)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["preview_rows"] = PREVIEW_ROWS
        context["import_limits"] = LIMITS.format(
            rows=settings.CRM_IMPORT_MAX_ROWS,
            size=filesizeformat(settings.CRM_IMPORT_MAX_BYTES),
            model=self.model._meta.model_name,
        )
        meta = self.model._meta
        if template_file(meta.model_name) is not None:
            context["import_template_url"] = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_import_template"
            )
        return context

    def import_action(self, request, **kwargs):
        try:
            response = super().import_action(request, **kwargs)
        except SendToWorker as too_big:
            return self.start_background_import(request, too_big.form)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            self.describe_import_page(request, response.context_data)
            self.add_job_context(request, response.context_data)
        return response

    def describe_import_page(self, request, context) -> None:
        """What import-export leaves generic: the title names the objects, the columns are a
        list with the required ones marked, errors carry the spreadsheet's row numbers."""
        context["title"] = TITLE.format(plural=self.model._meta.verbose_name_plural)
        resource_class = self.get_import_resource_classes(request)[0]
        context["import_columns"] = import_columns(resource_class, self.model)
        result = context.get("result")
        if result is not None:
            context["import_errors"] = errors_by_line(result)
            numbered = resource_class._meta.report_skipped
            context["preview"] = preview(result, numbered=numbered, limit=PREVIEW_ROWS)

    def get_urls(self):
        meta = self.model._meta
        template = path(
            "import/template/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{meta.app_label}_{meta.model_name}_import_template",
        )
        return [template, *self.job_urls(), *super().get_urls()]

    def import_template_view(self, request):
        """The model's import template as a download (only for users who may import)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        meta = self.model._meta
        found = template_file(meta.model_name)
        if found is None:
            raise Http404(NO_TEMPLATE.format(plural=meta.verbose_name_plural))
        return FileResponse(
            found.open("rb"), as_attachment=True, filename=found.name, content_type="text/csv"
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # Invalid rows (not only crashing ones) roll the whole import back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        # import-export indexes its lists with these hidden fields unchecked (a 500 on "abc").
        formats = [str(index) for index in range(len(self.get_import_formats()))]
        resources = ["", *(str(i) for i in range(len(self.get_import_resource_classes(request))))]
        if request.POST.get("format") not in formats or (
            request.POST.get("resource", "") not in resources
        ):
            messages.error(request, BAD_CONFIRMATION)
            return HttpResponseRedirect(self._import_url())
        try:
            return super().process_import(request, **kwargs)
        except (TooManyRows, ReadTooSlow) as exc:
            model = self.model._meta.model_name
            messages.error(request, refusal(exc) + ALTERNATIVE.format(model=model))
            return HttpResponseRedirect(self._import_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            rows = failed_rows(result)
            listed = ", ".join(f"row {number}" for number in rows[:10])
            if len(rows) > 10:
                listed += ", …"
            messages.error(request, NOTHING_IMPORTED.format(count=len(rows), rows=listed))
            return HttpResponseRedirect(self._import_url())
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            IMPORTED.format(
                new=totals[RowResult.IMPORT_TYPE_NEW],
                updated=totals[RowResult.IMPORT_TYPE_UPDATE],
                skipped=totals[RowResult.IMPORT_TYPE_SKIP],
                plural=self.model._meta.verbose_name_plural,
            ),
        )

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """CSV streams: the first bytes leave before the last record is read."""
        if not isinstance(file_format, CSV):
            return super()._do_file_export(file_format, request, queryset, export_form)
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        fields = self.get_export_resource_fields_from_form(export_form)
        records = resource.iter_queryset(resource.filter_export(queryset))
        rows = (resource.export_resource(record, selected_fields=fields) for record in records)
        response = StreamingHttpResponse(
            stream_csv(resource.get_export_headers(selected_fields=fields), rows),
            content_type="text/csv; charset=utf-8",
        )
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        post_export.send(sender=None, model=self.model)
        return response

    def _import_url(self) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_import")
