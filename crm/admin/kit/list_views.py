"""List views on every object list (SPEC §10a, issue 23, UI.md List page): the "All Accounts ▾"
selector above the table, driven by ``?view=<key>`` so a view can be linked and bookmarked.

Every list has ``mine`` (My <objects>: owner = me), ``all`` and ``recent`` (the records the
user opened, newest first); an entity declares its own views as data, and may replace a
built-in one by using its key::

    list_views = (ListView("closing", "Closing this month", lambda qs, request: …),)

Users save the current filters, search and sort as a named view (admins may share it), and
a list opened bare shows the view the user last chose there. The view filters the
changelist's root queryset, so filters, search, counts, "select all" and exports work inside
it. Cost: the saved views (one query) plus the last view's read or write."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.admin.views.main import IS_POPUP_VAR
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect, QueryDict

from crm.admin.kit import list_summary
from crm.admin.kit.saved_views import VIEW_PARAM, SavedViewsMixin
from crm.selectors import list_views as selectors
from crm.selectors.recently_viewed import recent_ids
from crm.services import list_views as services
from crm.services.records import is_admin

MINE, ALL, RECENT = "mine", "all", "recent"
RECENT_LIMIT = 50  # one page of Recently Viewed
UNKNOWN_VIEW = "There is no list view '{key}' on this list; showing {label}."


@dataclass(frozen=True)
class ListView:
    """A named view of a list: a queryset filter ``(queryset, request) -> queryset`` and
    optionally its own order (a sequence, or ``request -> sequence``) described in words by
    ``sort_label`` when it is not a plain field."""

    key: str
    label: str
    filter: Callable | None = None
    ordering: tuple | Callable = ()
    sort_label: str = ""

    def apply(self, queryset, request):
        return queryset if self.filter is None else self.filter(queryset, request)

    def order(self, request) -> list:
        return list(self.ordering(request) if callable(self.ordering) else self.ordering)


class ListViewChangeListMixin:
    """The view filters the root queryset once; ``?view=`` is not a field lookup."""

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        lookup_params.pop(VIEW_PARAM, None)
        return lookup_params

    _crm_view = None

    def get_queryset(self, request, exclude_parameters=None):
        if self._crm_view is None:
            self._crm_view = self.model_admin.current_list_view(request)
            self._crm_view_ordering = self._crm_view.order(request)
            self.root_queryset = self._crm_view.apply(self.root_queryset, request)
            self._crm_admin_ordering = list(self.model_admin.get_ordering(request) or ())
        return super().get_queryset(request, exclude_parameters)

    def _get_default_ordering(self):
        # The column arrows show the view's own order (none for Recently Viewed's recency),
        # else the admin's order for this request (My tasks: soonest due first), not Django's
        # request-blind ``ModelAdmin.ordering``.
        if self._crm_view is not None and self._crm_view.ordering:
            return self._crm_view_ordering
        return getattr(self, "_crm_admin_ordering", None) or super()._get_default_ordering()


@functools.cache
def _changelist_with_views(base: type) -> type:
    return type(f"ListView{base.__name__}", (ListViewChangeListMixin, base), {})


def _request_cache(request, name: str) -> dict:
    return request.__dict__.setdefault(f"_crm_{name}", {})


class ListViewsMixin(SavedViewsMixin):
    list_views: tuple[ListView, ...] = ()
    default_list_view = ALL
    # Who "My <objects>" means: ``owner`` when the model has one; e.g. "assigned_to".
    list_view_owner_field: str | None = None
    list_before_template = "crm/admin/list_header.html"

    @property
    def list_key(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    # --- the views ------------------------------------------------------------------------------
    def get_list_views(self) -> dict[str, ListView]:
        """Built-in views (an entity's view with the same key replaces one), then its own."""
        if "_crm_list_views" not in self.__dict__:
            own = {view.key: view for view in self.list_views}
            views = {view.key: own.pop(view.key, view) for view in self._builtin_views()}
            self.__dict__["_crm_list_views"] = {**views, **own}
        return self.__dict__["_crm_list_views"]

    def _builtin_views(self) -> list[ListView]:
        plural = str(self.model._meta.verbose_name_plural).title()
        views = []
        owner = self.list_view_owner_field or (
            "owner" if any(f.name == "owner" for f in self.model._meta.fields) else None
        )
        if owner:
            views.append(
                ListView(
                    MINE, f"My {plural}", lambda qs, request: qs.filter(**{owner: request.user})
                )
            )
        views.append(ListView(ALL, f"All {plural}"))
        views.append(
            ListView(
                RECENT,
                "Recently Viewed",
                lambda qs, request: qs.filter(pk__in=self._recent_ids(request)),
                ordering=self._recent_ordering,
                sort_label="Last viewed ↓",
            )
        )
        return views

    def _recent_ids(self, request) -> list[int]:
        cache = _request_cache(request, "recent_ids")
        if self.model not in cache:
            cache[self.model] = recent_ids(user=request.user, model=self.model, limit=RECENT_LIMIT)
        return cache[self.model]

    def _recent_ordering(self, request) -> list:
        ids = self._recent_ids(request)
        if not ids:
            return []
        newest_first = [When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)]
        return [Case(*newest_first, default=Value(len(ids)), output_field=IntegerField()).asc()]

    def saved_list_views(self, request) -> list:
        cache = _request_cache(request, "saved_views")
        if self.list_key not in cache:
            cache[self.list_key] = selectors.saved_views(user=request.user, list_key=self.list_key)
        return cache[self.list_key]

    def _saved_list_view(self, request, key: str):
        if not key.isdigit():
            return None
        return next((s for s in self.saved_list_views(request) if str(s.pk) == key), None)

    def resolve_list_view(self, request, key: str) -> ListView | None:
        views = self.get_list_views()
        if key in views:
            return views[key]
        saved = self._saved_list_view(request, key)
        if saved is None:
            return None
        # A saved view keeps the built-in view it was saved from (e.g. My open cases).
        base = views.get(QueryDict(saved.query).get(VIEW_PARAM, "")) or self._default_view()
        return replace(base, key=key, label=saved.name)

    def _default_view(self) -> ListView:
        return self.get_list_views()[self.default_list_view]

    def current_list_view(self, request) -> ListView:
        cache = _request_cache(request, "current_view")
        if self.model not in cache:
            key = None
            if self._is_own_page(request):  # not another list's ``?view=`` (related filters)
                key = request.GET.get(VIEW_PARAM)
                key = key or _request_cache(request, "recalled").get(self.model)
            view = self.resolve_list_view(request, key) if key else None
            cache[self.model] = view or self._default_view()
        return cache[self.model]

    def _is_own_page(self, request) -> bool:
        """A URL of this admin (its list, its export): another list's filter on this model
        asks for this admin's ordering with that list's request."""
        match = getattr(request, "resolver_match", None)
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}_"
        return match is not None and (match.url_name or "").startswith(prefix)

    def get_ordering(self, request):
        return self.current_list_view(request).order(request) or super().get_ordering(request)

    def get_changelist(self, request, **kwargs):
        return _changelist_with_views(super().get_changelist(request, **kwargs))

    # --- the list page --------------------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and IS_POPUP_VAR not in request.GET:
            redirect = self._choose_list_view(request)
            if redirect is not None:
                return redirect
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context and not context.get("is_popup"):
            context["list_views"] = self._selector_context(request, context["cl"])
        return response

    def _choose_list_view(self, request):
        key = request.GET.get(VIEW_PARAM)
        if not key:
            return self._recall_list_view(request) if not request.GET else None
        if self.resolve_list_view(request, key) is None:
            default = self._default_view()
            messages.warning(request, UNKNOWN_VIEW.format(key=key[:40], label=default.label))
            params = request.GET.copy()
            params[VIEW_PARAM] = default.key
            return HttpResponseRedirect(f"?{params.urlencode()}")
        if list(request.GET) == [VIEW_PARAM]:  # picked in the selector (or a bookmark of it)
            services.remember_list_view(user=request.user, list_key=self.list_key, view_key=key)
            return self._saved_view_redirect(request, key)
        return None

    def _recall_list_view(self, request):
        key = selectors.last_view_key(user=request.user, list_key=self.list_key)
        if not key or key == self.default_list_view or not self.resolve_list_view(request, key):
            return None
        redirect = self._saved_view_redirect(request, key)
        if redirect is None:
            _request_cache(request, "recalled")[self.model] = key
        return redirect

    def _saved_view_redirect(self, request, key: str):
        """A saved view with filters opens as its URL, so its filters show as chips."""
        saved = self._saved_list_view(request, key)
        if saved is None:
            return None
        params = QueryDict(saved.query, mutable=True)
        params.pop(VIEW_PARAM, None)
        if not params:
            return None
        params[VIEW_PARAM] = key
        return HttpResponseRedirect(f"{self._changelist_url()}?{params.urlencode()}")

    def _selector_context(self, request, cl) -> dict:
        current = self.current_list_view(request)
        admin_user = is_admin(request.user)
        saved = [
            {
                "label": view.name,
                "url": f"?{VIEW_PARAM}={view.pk}",
                "current": str(view.pk) == current.key,
                "shared": view.shared,
                "deletable": view.owner_id == request.user.pk or (view.shared and admin_user),
                "delete_url": self._url("delete_list_view", view.pk),
            }
            for view in self.saved_list_views(request)
        ]
        views = [
            {"label": view.label, "url": f"?{VIEW_PARAM}={view.key}", "current": view is current}
            for view in self.get_list_views().values()
        ]
        return {
            "current": current,
            "views": views,
            "saved": saved,
            "save_url": self._url("save_list_view"),
            "query": self._query_to_save(request, current),
            "can_share": admin_user,
            # A saved view whose filter is removed is no longer that view, and its bare
            # ``?view=<id>`` would bring the filter back: the chip leads to its base view.
            "summary": list_summary.summary(
                cl,
                request,
                sort_label=current.sort_label,
                on_remove={VIEW_PARAM: self._base_key(request, current) or self.default_list_view}
                if current.key.isdigit()
                else None,
            ),
        }

    def _base_key(self, request, view: ListView) -> str:
        """The built-in (or the entity's) view a saved view was saved from; "" if none."""
        if not view.key.isdigit():
            return view.key
        saved = self._saved_list_view(request, view.key)
        return QueryDict(saved.query).get(VIEW_PARAM, "") if saved else ""

    def _query_to_save(self, request, current: ListView) -> str:
        """The list as shown, with the built-in view it is based on (not a saved view's id)."""
        params = request.GET.copy()
        params.pop(VIEW_PARAM, None)
        if base := self._base_key(request, current):
            params[VIEW_PARAM] = base
        return services.clean_query(params.urlencode())
