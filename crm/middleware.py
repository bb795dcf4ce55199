"""Requests no page can use, refused before any view sees them.

A NUL character in a search or filter (``?q=%00``, ``?status=%00``) reached PostgreSQL,
which refuses NUL in text ("A string literal cannot contain NUL"): 17 URLs answered 500.
No field of the CRM holds a NUL, so a query string or form field carrying one is refused
here, once, with a 400 that says why: JSON for the API and for scripts, a page otherwise."""

import zoneinfo

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from crm.http import json_error, wants_json

NUL_REFUSED = "The request contains a NUL character (\\x00, %00), which no field accepts."
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
REDIRECTS = (301, 302, 303, 307, 308)


def _has_nul(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        return b"\x00" in text or b"%00" in text
    return "\x00" in text or "%00" in text


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _form_has_nul(request) -> bool:
    """A too large or malformed body raises here as it would in the view (Django answers
    400); swallowing it would hand the view an empty form instead."""
    content_type = request.content_type or ""
    if content_type == FORM:  # the raw body: NUL arrives percent-encoded
        return _has_nul(request.body)
    if content_type == MULTIPART:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or _content_length(request) <= limit:
            # Cache the raw body first: parsing the form would consume the stream, and a
            # view that reads ``request.body`` (a JSON endpoint sent a form) would then fail.
            request.body  # noqa: B018
        fields: MultiValueDict = request.POST  # text fields only; files stay as they are
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in fields.lists()
        )
    return False


def refusal(request):
    if request.path.startswith("/api/"):
        # The API's error body (api.kit.errors), built here: the CRM never imports the API.
        body = {"status": 400, "code": "bad_request", "detail": NUL_REFUSED}
        return JsonResponse(body, status=400)
    if wants_json(request):  # the portal's and admin's JSON endpoints, called by scripts
        return json_error(NUL_REFUSED)
    html = render_to_string("crm/bad_request.html", {"message": NUL_REFUSED})
    return HttpResponseBadRequest(html)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.META.get("QUERY_STRING", "")) or (
            request.method in ("POST", "PUT", "PATCH") and _form_has_nul(request)
        ):
            return refusal(request)
        return self.get_response(request)


class DialogRedirectMiddleware:
    """A page fetched into a dialog (crm/static/crm/dialog.js, ``X-CRM-Dialog: 1``) that
    answers with a redirect — the action ran, or was refused with a toast — answers 200 with
    the target in ``X-CRM-Location`` instead: the script goes there itself, so the messages
    wait for that page rather than being spent on a fetch that follows the redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("X-CRM-Dialog") != "1" or response.status_code not in REDIRECTS:
            return response
        answer = HttpResponse(status=200)
        answer["X-CRM-Location"] = response["Location"]
        answer["Cache-Control"] = "no-store"
        for cookie in response.cookies.values():  # e.g. the messages cookie, a new session
            answer.cookies[cookie.key] = cookie
        return answer


class UserTimeZoneMiddleware:
    """Every page shows and reads date-times in the signed-in user's own zone (SPEC §10a):
    Django's template filters, form fields, ``localtime()`` and ``localdate()`` follow the
    zone activated here. Stored values stay UTC. The REST API is left alone: its clients get
    ISO 8601 with the server's offset whatever zone their session user picked."""

    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = self._zone_of(request)
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def _zone_of(self, request) -> zoneinfo.ZoneInfo | None:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path_info.startswith(self.API_PREFIX)
        ):
            return None
        try:
            return zoneinfo.ZoneInfo(user.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            return None  # a name the model would refuse: the installation's zone, not a 500
