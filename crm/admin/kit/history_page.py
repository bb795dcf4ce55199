"""The record's full history, where the History tab's "View full history" leads: the same
field-by-field changes as the tab (crm.selectors.history), paged, under the record's header
(highlights, actions, breadcrumbs) — instead of simple-history's bare table of versions."""

from math import ceil

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from crm.admin.kit import header as record_header
from crm.admin.kit.urls import not_found
from crm.selectors.history import field_changes

PAGE_PARAM = "page"


def _page_number(request, pages: int) -> int:
    try:
        number = int(request.GET.get(PAGE_PARAM, "1"))
    except ValueError:
        return 1
    return min(max(number, 1), max(pages, 1))


class HistoryPageMixin:
    # Versions per page; each is compared with the one before it.
    history_page_size = 25

    def history_view(self, request, object_id, extra_context=None):
        # As the record page reads it (the list's annotations feed some highlights).
        record = self.get_object(request, object_id)
        if record is None:
            return not_found(self, request)
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        size = self.history_page_size
        pages = ceil(record.history.count() / size)
        number = _page_number(request, pages)
        actions = self._get_actions_navigation(
            self.actions_detail, self.get_actions_detail(request, object_id), object_id
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {record}",
            "opts": self.model._meta,
            "original": record,
            "highlights": record_header.highlights(self, request, record),
            "record_actions": actions,
            "record_url": self.record_url(record),
            "activity_tab": getattr(self, "has_activity_tab", lambda *args: False)(request, record),
            "changes": field_changes(record, limit=size, offset=(number - 1) * size),
            "page_number": number,
            "pages": pages,
            "newer_url": f"?{PAGE_PARAM}={number - 1}" if number > 1 else None,
            "older_url": f"?{PAGE_PARAM}={number + 1}" if number < pages else None,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "crm/admin/record_history.html", context)
