"""What every portal page shares: sign-in + permission checks and the admin shell context
(same sidebar, header and theme as the admin), for HTML pages and JSON endpoints alike."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse

SESSION_EXPIRED = "Your session has expired. Please sign in again."
NOT_ALLOWED = "You do not have permission to do that."


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def portal_page(permission: str | None):
    """An HTML portal page: anonymous → login page; lacking ``permission`` → 403 (``None``:
    every signed-in user, e.g. their own settings)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _signed_in(request.user):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if permission is not None and not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def portal_json(permission: str):
    """A JSON endpoint: 401 / 403 as JSON so the page's script can tell the user why."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _signed_in(request.user):
                return JsonResponse({"ok": False, "error": SESSION_EXPIRED}, status=401)
            if not request.user.has_perm(permission):
                return JsonResponse({"ok": False, "error": NOT_ALLOWED}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def render_portal(request, template: str, context: dict, *, title: str) -> TemplateResponse:
    shell = admin.site.each_context(request)
    return TemplateResponse(request, template, {**shell, "title": title, **context})
