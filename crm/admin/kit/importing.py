"""CSV / XLSX import and export for CRM lists (SPEC §7), with Unfold's forms.

Upload → preview (a dry run in a rolled-back transaction) with counts, the first rows and every
row in error → confirm. The confirm step re-runs the import in one transaction that is rolled
back if *any* row fails, so a file is imported completely or not at all.

A page request must finish well inside the worker timeout, so uploads are capped
(``CRM_IMPORT_MAX_BYTES``, ``CRM_IMPORT_MAX_ROWS``); larger files go through
``manage.py import_records``. CSV exports stream row by row from a chunked queryset; XLSX
exports are built in memory (a zip archive cannot be written progressively by tablib).

Each import page links to ``fixtures/templates/<model>.csv`` ("Download template"): the exact
columns the import takes, with two example rows."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.results import RowResult
from import_export.signals import post_export
from unfold.contrib.import_export.forms import ExportForm, ImportForm

from crm.admin.kit.exporting import CheckedExportMixin
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
ALTERNATIVE = (
    "Split it into smaller files, or ask an administrator to run "
    "`python manage.py import_records {model} <file>`, which imports files of any size."
)
FILE_TOO_BIG = "This file is {size}; files imported through this page may be at most {limit}. "
TOO_MANY_ROWS = "This file has more than {limit:,} rows, the most this page imports at once. "
TOO_SLOW = "This file took more than {seconds:g} seconds to read, the most this page allows. "
BAD_CONFIRMATION = "This import could not be confirmed; upload the file again."
NO_TEMPLATE = "There is no import template for {plural}."
LIMITS = (
    "Files of up to {rows:,} rows and {size}. Larger files: ask an administrator to run "
    "`python manage.py import_records {model} <file>`."
)
PREVIEW_ROWS = 100


def failed_rows(result) -> list[int]:
    """Line numbers (1 = first data row) of every row that failed, in file order."""
    numbers = {row.number for row in result.error_rows}
    numbers.update(row.number for row in result.invalid_rows)
    return sorted(numbers)


class CappedImportForm(ImportForm):
    """Refuses a file over ``CRM_IMPORT_MAX_BYTES`` before anything reads it."""

    model_name = "<model>"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.CRM_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                FILE_TOO_BIG.format(size=filesizeformat(upload.size), limit=filesizeformat(limit))
                + ALTERNATIVE.format(model=self.model_name)
            )
        return upload


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


class CRMImportExportMixin(CheckedExportMixin, ImportExportMixin):
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
        return form

    def add_data_read_fail_error_to_form(self, form, e):
        message = refusal(e)
        if message is None:
            super().add_data_read_fail_error_to_form(form, e)
            return
        model = self.model._meta.model_name
        form.add_error("import_file", message + ALTERNATIVE.format(model=model))

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["preview_rows"] = PREVIEW_ROWS
        context["preview_rows_slice"] = f":{PREVIEW_ROWS}"
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

    def get_urls(self):
        meta = self.model._meta
        template = path(
            "import/template/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{meta.app_label}_{meta.model_name}_import_template",
        )
        return [template, *super().get_urls()]

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
