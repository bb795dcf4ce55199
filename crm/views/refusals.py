"""The project's 403 handler (config/urls.py ``handler403``): every PermissionDenied the admin
and the portal raise ends here once, so the refusal is logged as an event (crm.events) and
answered by the app's own page — inside the shell for a signed-in user, with the reason and
a way back — never Django's bare "403 Forbidden". A failed CSRF check on a form post gets
the same page (``csrf_failure``, the CSRF_FAILURE_VIEW). The API answers its 403s itself
(api.kit.errors)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from crm.events import PERMISSION_DENIED, log_refusal
from crm.http import CSRF_FAILED, json_error, wants_json
from crm.views.refusal_reasons import Refusal, refusal_for

TITLE = "You cannot do this"
CSRF_REASON = (
    "your session's security token is missing or out of date. Reload the page and try again."
)


def _came_from(request) -> str | None:
    """The page the user came from, when it is one of ours (never an outside site) and not
    the refused page itself."""
    referer = request.headers.get("Referer", "")
    if not referer or referer.endswith(request.get_full_path()):
        return None
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else None


def refusal_page(request, refusal: Refusal, *, status: int = 403) -> TemplateResponse:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated and user.is_active
    back_url, back_label = refusal.back_url, refusal.back_label
    if back_url is None:
        back_url, back_label = _came_from(request), "Go back"
    context = {
        **(admin.site.each_context(request) if signed_in else {}),
        "title": TITLE,
        "reason": refusal.reason,
        "back_url": back_url,
        "back_label": back_label,
    }
    return TemplateResponse(request, "403.html", context, status=status)


def permission_denied(request, exception=None):
    log_refusal(reason=PERMISSION_DENIED, request=request)
    return refusal_page(request, refusal_for(request, exception))


def csrf_failure(request, reason: str = "", template_name: str = "403_csrf.html"):
    """A failed CSRF check: JSON 403 for scripts (the Kanban shows the message), this page
    for a form post or a page (``reason`` is Django's technical one, not for users)."""
    if wants_json(request):
        return json_error(CSRF_FAILED, status=403)
    return refusal_page(request, Refusal(CSRF_REASON))
