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

* a pill column (``@display(label=…)``) renders Unfold's label template once per row
  (≈ 0.5 ms each: 25 ms a page on the lead list). A pill's markup depends only on its text
  and its tone, so ``remembered_label`` renders each (text, tone) once per process and the
  list cells reuse it; it is Unfold's own ``display_for_label``, so the pills look the same.

And one query less: Unfold prints "49 results (61 total)", counting the whole table a second
time, beside the summary line that already says what is shown and which filters hide the rest
("49 items · Filtered by Status: Active ✕"). ``show_full_result_count = False`` drops the
second count (Django's documented switch for large tables).
"""

from functools import lru_cache

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IS_POPUP_VAR
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from unfold import utils as unfold_utils
from unfold.admin import checkbox
from unfold.templatetags import unfold_list

# Unfold's checkbox attributes, in the widget's own order.
_ATTRS = format_html_join("", ' {}="{}"', checkbox.attrs.items())


class ListRenderingMixin:
    list_sections = ()  # no expandable row sections on our lists
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        """The browser tab reads "Accounts", as the page does (Django's "Select account to
        change" stays for the lookup popup, where one is chosen)."""
        if IS_POPUP_VAR not in request.GET:
            title = capfirst(self.model._meta.verbose_name_plural)
            extra_context = {"title": title, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}"{}>', ACTION_CHECKBOX_NAME, obj.pk, _ATTRS
        )


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


# The list cells call this name (unfold.templatetags.unfold_list imports it from unfold.utils).
unfold_list.display_for_label = remembered_label
