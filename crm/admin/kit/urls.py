"""Record URLs with exactly one meaning: an object id is digits only (``<pk:object_id>``),
so ``/crm/lead/14/path/converted/`` can never be read as object "14/path", and a
non-numeric or unknown id answers the app's own 404 page instead of a 500 or Django's
"Perhaps it was deleted?" redirect."""

import functools

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, register_converter, reverse
from django.urls import path as url_path

NOT_FOUND = "This record does not exist or you cannot see it."


class RecordIdConverter:
    """Digits only, passed on as a string (Django admin views ``unquote`` the id). The
    related-field widgets reverse ``__fk__`` as a placeholder their JavaScript replaces;
    such a URL names no record and answers the 404 page."""

    regex = "[0-9]{1,18}|__fk__"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(RecordIdConverter, "pk")


def digits_only(model_admin, patterns: list) -> list:
    """Rewrite ``<path:object_id>`` routes (Django's and Unfold's) to ``<pk:object_id>``;
    their views answer the in-shell 404 page for a record that does not exist."""
    rewritten = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLPattern) and "<path:object_id>" in route:
            pattern = url_path(
                route.replace("<path:object_id>", "<pk:object_id>"),
                wrap_not_found(model_admin, pattern.callback),
                pattern.default_args,
                name=pattern.name,
            )
        rewritten.append(pattern)
    return rewritten


def problem(model_admin, request, message: str, *, status: int, hint: str = ""):
    """An error page inside the admin shell (sidebar, header) for a record URL."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Record not found" if status == 404 else "Request refused",
        "message": message,
        "hint": hint,
        "list_url": _changelist_url(model_admin),
    }
    return TemplateResponse(request, "crm/admin/problem.html", context, status=status)


def not_found(model_admin, request):
    return problem(
        model_admin,
        request,
        NOT_FOUND,
        status=404,
        hint="Check the link, or find the record in its list.",
    )


def wrap_not_found(model_admin, view):
    """A record view whose ``Http404`` becomes the in-shell 404 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        object_id = kwargs.get("object_id")
        signed_in = model_admin.admin_site.has_permission(request)  # else: the login redirect
        if (
            signed_in
            and object_id is not None
            and model_admin.get_record(request, object_id) is None
        ):
            return not_found(model_admin, request)
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return not_found(model_admin, request)

    return wrapper


def _changelist_url(model_admin) -> str | None:
    meta = model_admin.model._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    except NoReverseMatch:
        return None
