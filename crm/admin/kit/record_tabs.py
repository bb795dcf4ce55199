"""The tabs of a record page (UI.md): Details | Related | Activity | History.

The first response holds the header, path and highlights and the Details tab, with the
related-list cards the entity puts there as its main content (``first_tab_cards``: an
opportunity's Products and Contact Roles beside its Details, as on Lightning's two-column
page). Related, Activity and History are server-rendered fragments fetched the first time
their tab is shown (crm/static/crm/record_tabs.js) from ``<record>/tab/<name>/`` and kept in
the cache (crm.admin.kit.tab_cache). Without JavaScript every tab is a link to
``?tab=<name>``: the full page with that tab rendered open. So a big account no longer reads
its ten related lists, two thousand activities and its history to show its Details."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import path as url_path

from crm.admin.kit import tab_cache
from crm.admin.kit.activity_tab import PAST_PARAM, build_activity_tab
from crm.admin.kit.compact_html import collapse_indentation, compact_response
from crm.admin.kit.related import RelatedList, admin_url, build_card
from crm.selectors.activities import timeline_filter
from crm.selectors.history import field_changes

DETAILS = "details"
LAZY_TABS = {"related": "Related", "activity": "Activity", "history": "History"}
TAB_PARAM = "tab"
PANEL_TEMPLATE = "crm/admin/record_tab_panel.html"

tab_cache.connect_receivers()


def open_tab(request) -> str:
    """The tab the page opens on: ``?tab=<name>``; the Activity tab's older pages (``?past=``)
    open it too; else Details."""
    tab = request.GET.get(TAB_PARAM)
    if tab in LAZY_TABS:
        return tab
    if PAST_PARAM in request.GET:
        return "activity"
    return DETAILS


class RecordTabsMixin:
    """Mix into a record admin: the tabs, the cards declared in ``related_lists`` (on Related,
    the ``first_tab_cards`` keys on Details as well) and the tab fragment URL."""

    related_lists: tuple[RelatedList, ...] = ()
    # Keys of ``related_lists`` shown beside Details, the record's main content.
    first_tab_cards: tuple[str, ...] = ()
    history_limit = 25
    change_form_outer_before_template = "crm/admin/record_page_top.html"
    change_form_outer_after_template = "crm/admin/record_page_tabs.html"

    def get_related_lists(self, request, obj) -> list[RelatedList]:
        return list(self.related_lists)

    def build_cards(self, request, obj, related_lists) -> list[dict]:
        return [
            card
            for related in related_lists
            if (card := build_card(related, request, obj)) is not None
        ]

    def has_activity_tab(self, request, obj) -> bool:
        return request.user.has_perm("crm.view_activity") and timeline_filter(obj) is not None

    def get_history_tab_context(self, request, obj) -> dict:
        return {
            "field_history": field_changes(obj, limit=self.history_limit),
            "full_history_url": admin_url(type(obj), "history", obj.pk),
        }

    def get_tab_context(self, request, obj, tab: str) -> dict:
        if tab == "related":
            cards = self.build_cards(request, obj, self.get_related_lists(request, obj))
            return {
                "related_cards": cards,
                "related_total": sum(card["count"] for card in cards),
            }
        if tab == "activity":
            return {"activity_tab": build_activity_tab(request, obj)}
        return self.get_history_tab_context(request, obj)

    def tab_panels(self, request, obj, opened: str) -> list[dict]:
        activity = self.has_activity_tab(request, obj)
        names = [name for name in LAZY_TABS if name != "activity" or activity]
        return [
            {
                "name": name,
                "label": LAZY_TABS[name],
                "src": admin_url(type(obj), "record_tab", obj.pk, name),
                "loaded": name == opened,
            }
            for name in names
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            opened = open_tab(request)
            lists = self.get_related_lists(request, obj)
            first = [related for related in lists if related.key in self.first_tab_cards]
            context.update(
                record_tabs=True,
                open_tab=opened,
                first_tab_cards=self.build_cards(request, obj, first),
                tab_panels=self.tab_panels(request, obj, opened),
            )
            if opened != DETAILS:
                context.update(self.get_tab_context(request, obj, opened))
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and obj.pk and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(compact_response)
        return response

    # --- the fragment: <record>/tab/<name>/ ------------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            url_path(
                "<path:object_id>/tab/<str:tab>/",
                self.admin_site.admin_view(self.record_tab_view),
                name="{}_{}_record_tab".format(*info),
            ),
            *super().get_urls(),
        ]

    def record_tab_view(self, request, object_id, tab):
        obj = self.get_record(request, object_id)
        if tab not in LAZY_TABS or obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if tab == "activity" and not self.has_activity_tab(request, obj):
            raise Http404
        extra = request.GET.get(PAST_PARAM, "") if tab == "activity" else ""

        def render() -> str:
            context = {"panel": tab, "original": obj, **self.get_tab_context(request, obj, tab)}
            html = render_to_string(PANEL_TEMPLATE, context, request=request)
            return collapse_indentation(html)

        response = HttpResponse(tab_cache.cached_tab(request, obj, tab, render, extra=extra[:12]))
        response["Cache-Control"] = "private, no-cache"
        return response
