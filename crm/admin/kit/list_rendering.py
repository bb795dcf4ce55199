"""What every list row costs to draw (issue 23 item 8: lists at p50 ≤ 40 ms at SPEC §10 size).

Profiled on the 20,000-account list: two thirds of the time is template rendering, and two
Unfold habits paid per row were a third of that:

* Unfold's row template asks ``cl.model_admin.list_sections`` twice per row; an admin without
  that attribute makes Django's template engine call ``dir()`` on the admin class each time
  (≈ 100 calls per 50-row page, ≈ 13 ms). Declaring it empty answers at once.
* the row checkbox is a form widget rendered through the template engine, once per row
  (≈ 0.4 ms each, ≈ 20 ms a page). ``action_checkbox`` writes the same tag directly with
  Unfold's own widget attributes, so it looks and behaves the same (``action-select`` class,
  ``_selected_action`` name, the record's id).

* a yes/no column renders Unfold's boolean template once per row; there are three icons, so
  ``remembered_boolean_icon`` draws each once per process;
* a pill column (``@display(label=…)``) renders Unfold's label template once per row
  (≈ 0.5 ms each: 25 ms a page on the lead list). A pill's markup depends only on its text
  and its tone, so ``remembered_label`` renders each (text, tone) once per process and the
  list cells reuse it; it is Unfold's own ``display_for_label``, so the pills look the same.

The filter drawer is drawn only when opened: the page carries the empty drawer and
crm/static/crm/list_filters.js fetches its form from the same list URL with ``_filters=1``
(``FILTERS_PARAM``), which answers the drawer alone. Drawing every filter on every page was
about a fifth of a list page (select options, date inputs, the owner choices); the line above
the table already shows the filters in force. The drawer is a sheet at every width
(``list_filter_sheet``; UI.md's "[filters]" button), so nothing on screen waits for it.

And one query less: Unfold prints "49 results (61 total)", counting the whole table a second
time, beside the summary line that already says what is shown and which filters hide the rest
("49 items · Filtered by Status: Active ✕"). ``show_full_result_count = False`` drops the
second count (Django's documented switch for large tables).
"""

from functools import lru_cache

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IS_POPUP_VAR
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from unfold import utils as unfold_utils
from unfold.admin import checkbox
from unfold.templatetags import unfold_list
from unfold.templatetags.unfold_list import unfold_vertical_filters

from crm.admin.kit import list_rows
from crm.admin.kit.action_form import ListActionForm
from crm.admin.kit.deep_pages import DeepPagePaginator
from crm.admin.kit.escaping import escaped
from crm.admin.kit.related_reads import rows_reading_only_shown
from crm.admin.kit.search_order import searched_matches_sorted

# Unfold's checkbox attributes, in the widget's own order.
_ATTRS = format_html_join("", ' {}="{}"', checkbox.attrs.items())
_NAME = escaped(ACTION_CHECKBOX_NAME)
FILTERS_PARAM = "_filters"  # ?_filters=1: the list's filter drawer alone
FILTERS_TEMPLATE = "crm/admin/list_filters.html"


class ListRenderingMixin:
    list_sections = ()  # no expandable row sections on our lists
    show_full_result_count = False
    list_filter_sheet = True  # the filter drawer opens over the list at every width
    paginator = DeepPagePaginator  # a deep page: its ids first, then its rows
    action_form = ListActionForm  # the action bar drawn once per set of choices
    # What the columns read of each joined record (crm.admin.kit.related_reads).
    list_related_fields: dict[str, tuple[str, ...]] = {}
    # Relations the page's rows fetch in a query per kind instead of joining
    # (crm.admin.kit.related_reads).
    list_prefetch_related: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        # The rows are read (and their records attached) once the page's rows are chosen.
        changelist = searched_matches_sorted(super().get_changelist(request, **kwargs))
        return rows_reading_only_shown(changelist)

    def changelist_view(self, request, extra_context=None):
        """The browser tab reads "Accounts", as the page does (Django's "Select account to
        change" stays for the lookup popup, where one is chosen)."""
        drawer = FILTERS_PARAM in request.GET
        if drawer:  # not a filter of the list: Django would refuse it as an unknown lookup
            request.GET = request.GET.copy()
            del request.GET[FILTERS_PARAM]
        extra_context = {"filter_drawer_url": _drawer_url(request), **(extra_context or {})}
        if IS_POPUP_VAR not in request.GET:
            extra_context["title"] = capfirst(self.model._meta.verbose_name_plural)
        response = super().changelist_view(request, extra_context)
        if drawer and isinstance(response, TemplateResponse):
            context = response.context_data or {}
            if "cl" in context:
                response.template_name = FILTERS_TEMPLATE
                context["filter_specs"] = unfold_vertical_filters(context["cl"])
                context["filter_form_action"] = request.path
        return response

    def action_checkbox(self, obj):
        return SafeString(
            f'<input type="checkbox" name="{_NAME}" value="{escaped(obj.pk)}"{_ATTRS}>'
        )


def _drawer_url(request) -> str:
    params = request.GET.copy()
    params[FILTERS_PARAM] = "1"
    return f"{request.path}?{params.urlencode()}"


def remembered_boolean_icon(value) -> str:
    """Unfold's yes / no / unknown icon (its ``boolean.html``), drawn once per value."""
    if value is None or value == "" or isinstance(value, bool):
        return _boolean(None if value in (None, "") else value)
    return _unfold_boolean_icon(value)


@lru_cache(maxsize=4)
def _boolean(value) -> str:
    return _unfold_boolean_icon(value)


@lru_cache(maxsize=2048)
def _label(value, empty_value_display, tone_items) -> str:
    return unfold_utils.display_for_label(value, empty_value_display, dict(tone_items) or None)


def remembered_label(value, empty_value_display, label):
    """Unfold's ``display_for_label``, each (text, tone) rendered once. Values that cannot be
    remembered safely (lists, objects) go straight to Unfold."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return unfold_utils.display_for_label(value, empty_value_display, label)
    tones = tuple(sorted(label.items())) if isinstance(label, dict) else ()
    if not isinstance(label, dict) and label is not True:
        return unfold_utils.display_for_label(value, empty_value_display, label)
    return _label(value, str(empty_value_display), tones)


# The list cells call these names (unfold.templatetags.unfold_list imports display_for_label
# from unfold.utils; its ``results`` looks up items_for_result for every row; unfold.utils'
# display_for_value / display_for_field call _boolean_icon for every yes/no cell).
_unfold_boolean_icon = unfold_utils._boolean_icon
unfold_list.display_for_label = remembered_label
unfold_list.items_for_result = list_rows.items_for_result
unfold_utils._boolean_icon = remembered_boolean_icon
