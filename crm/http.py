"""How JSON endpoints answer (admin and portal alike): always JSON, never an HTML error page.

400 for a refused rule or an unreadable body, 409 for a stale version, 403 for a failed CSRF
check when the caller is a script (crm.views.refusals.csrf_failure, the CSRF_FAILURE_VIEW)."""

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import JsonResponse

from crm.errors import ConcurrencyError, error_message
from crm.events import log_exception_refusal
from crm.strict_json import TOO_DEEP as TOO_DEEP  # the portal's message, defined once
from crm.strict_json import JsonRefused, strict_loads

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 8
BAD_REQUEST = "The request could not be understood."
TOO_LARGE = "The request is too large (at most 64 KB)."
CSRF_FAILED = (
    "Your session's security token is missing or out of date. "
    "Reload the page and try again; nothing was changed."
)


class BadJsonBody(ValueError):
    """A JSON body the endpoint refuses; ``str(exc)`` is the message for the user."""


def json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


def json_error_response(exc: Exception) -> JsonResponse:
    status = 409 if isinstance(exc, ConcurrencyError) else 400
    if not isinstance(exc, (ConcurrencyError, ValidationError)):
        raise exc
    log_exception_refusal(exc)
    return json_error(error_message(exc), status)


def read_json_object(request) -> dict:
    """The request's JSON object body; raises ``BadJsonBody`` with the user's message for a
    body that is too large, too deep, not JSON or not an object."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_JSON_BYTES:
        raise BadJsonBody(TOO_LARGE)
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise BadJsonBody(TOO_LARGE) from exc
    if len(body) > MAX_JSON_BYTES:
        raise BadJsonBody(TOO_LARGE)
    try:
        # The one strict reader (crm.strict_json): no NaN/Infinity, no huge numbers.
        data = strict_loads(body or b"{}", max_depth=MAX_JSON_DEPTH)
    except JsonRefused as exc:
        raise BadJsonBody(str(exc)) from exc
    if not isinstance(data, dict):
        raise BadJsonBody(BAD_REQUEST)
    return data


def wants_json(request) -> bool:
    """A script's request that reads JSON (fetch/XHR), not a page navigation, a form post or
    an htmx request (htmx swaps HTML into the page)."""
    headers = request.headers
    accept = headers.get("Accept", "")
    if "application/json" in accept or "application/json" in headers.get("Content-Type", ""):
        return True
    if headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    if headers.get("HX-Request") or "text/html" in accept:
        return False
    return headers.get("Sec-Fetch-Mode", "navigate") in {"cors", "same-origin", "no-cors"}
