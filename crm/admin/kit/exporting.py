"""Export pages that answer bad input with a message (400), never a 500.

import-export's export page builds the list's queryset from every query parameter, so
``?format=99`` (or any parameter that is not one of the list's filters) raised
``IncorrectLookupParameters`` outside the changelist, which is the only place Django turns it
into a redirect: the page answered 500. A ``format`` in the query string or the form must be
one of the offered formats; any other unknown parameter is refused the same way."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from import_export.admin import ExportMixin

UNKNOWN_EXPORT_FORMAT = "Unknown export format: choose {choices}."
UNKNOWN_EXPORT_FILTER = (
    "This export link has a filter the list does not have. Open the list, filter it, and use "
    "its Export button again."
)


def format_choices(formats) -> dict[str, str]:
    """Form value → title ("0" → "csv") of each offered format."""
    return {str(index): fmt().get_title().upper() for index, fmt in enumerate(formats)}


class CheckedExportMixin(ExportMixin):
    """ExportMixin whose page validates its format and filters before any work."""

    def export_action(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        choices = format_choices(self.get_export_formats())
        given = None
        if "format" in request.GET:
            # Not a filter of the list: taken out so the queryset is built from real filters.
            request.GET = request.GET.copy()
            given = request.GET.pop("format")[-1]
        elif "format" in request.POST:
            given = request.POST["format"]
        if given is not None and given not in choices:
            message = UNKNOWN_EXPORT_FORMAT.format(choices=" or ".join(choices.values()))
            return self.refuse_export(request, message)
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            return self.refuse_export(request, UNKNOWN_EXPORT_FILTER)

    def refuse_export(self, request, message: str) -> TemplateResponse:
        """The export page again, unfilled, with the reason; nothing is exported."""
        form = self.get_export_form_class()(
            self.get_export_formats(), self.get_export_resource_classes(request)
        )
        messages.error(request, message)
        context = self.init_request_context_data(request, form)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.export_template_name], context=context, status=400)
