"""CSV / XLSX import and export for CRM lists (SPEC §7), with Unfold's forms.

Upload → preview (a dry run in a rolled-back transaction) listing new / updated / skipped /
invalid rows → confirm. The confirm step re-runs the import in one transaction that is rolled
back if *any* row fails, so a file is imported completely or not at all."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult
from unfold.contrib.import_export.forms import ExportForm, ImportForm

NOTHING_IMPORTED = (
    "Nothing was imported: {count} row(s) have errors ({rows}). Correct the file and upload "
    "it again."
)
IMPORTED = "Import finished: {new} new, {updated} updated and {skipped} unchanged {plural}."


def failed_rows(result) -> list[int]:
    """Line numbers (1 = first data row) of every row that failed, in file order."""
    numbers = {row.number for row in result.error_rows}
    numbers.update(row.number for row in result.invalid_rows)
    return sorted(numbers)


class CRMImportExportMixin(ImportExportMixin):
    """Mix into a CRMModelAdmin with ``resource_classes``. Import needs the model's custom
    ``import_<model>`` permission (SPEC §5), export the view permission."""

    import_form_class = ImportForm
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    import_template_name = "crm/admin/import.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.import_{meta.model_name}")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # Invalid rows (not only crashing ones) roll the whole import back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

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

    def _import_url(self) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_import")
