"""One error body for every refusal: ``{"status", "code", "detail", "errors"}``.

400 malformed input (field by field; a read-only or unknown field in a body too), 401 no or
bad credentials, 403 not allowed, 404 not found, 409 stale ``version`` in the body, 412 stale
``If-Match``, 422 a business rule refused the change (the same message the admin shows), 428
no version given, 429 throttled."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.kit.versions import HEADER
from crm import events
from crm.errors import ConcurrencyError, error_message

INVALID_FIELDS = "Some fields need attention."
CONFLICT = "This change conflicts with another record; nothing was saved."


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field (400 and 422 only).",
    )


def error_body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _flatten(item)]
    if isinstance(value, list):
        return [message for item in value for message in _flatten(item)]
    return [str(value)]


def _field_errors(data) -> dict[str, list[str]]:
    if isinstance(data, dict):
        return {str(key): _flatten(value) for key, value in data.items()}
    return {"non_field_errors": _flatten(data)}


def _business_rule(exc: DjangoValidationError) -> Response:
    errors = (
        {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else None
    )
    body = error_body(422, "business_rule", error_message(exc), errors)
    return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)


def _log_refusal(exc, context) -> None:
    """One event line per refused write (crm.events): codes and ids, never the body."""
    if isinstance(exc, ConcurrencyError):
        reason = events.STALE_VERSION
    elif isinstance(exc, DjangoValidationError):
        reason = events.BUSINESS_RULE
    elif isinstance(exc, IntegrityError):
        reason = events.CONFLICT
    elif isinstance(exc, (DjangoPermissionDenied, exceptions.PermissionDenied)):
        reason = events.PERMISSION_DENIED
    elif isinstance(exc, exceptions.Throttled):
        reason = events.THROTTLED
    else:
        return
    view = context.get("view")
    queryset = getattr(view, "queryset", None)
    kwargs = getattr(view, "kwargs", None) or {}
    events.log_refusal(
        reason=reason,
        request=context.get("request"),
        model=getattr(queryset, "model", None),
        record_id=kwargs.get("pk", kwargs.get("id")),
    )


def exception_handler(exc, context):
    request = context.get("request")
    _log_refusal(exc, context)
    if isinstance(exc, ConcurrencyError):
        stale = 412 if getattr(request, "version_source", None) == HEADER else 409
        return Response(error_body(stale, "stale_version", exc.message), status=stale)
    if isinstance(exc, DjangoValidationError):
        return _business_rule(exc)
    if isinstance(exc, IntegrityError):
        return Response(error_body(409, "conflict", CONFLICT), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail, errors = INVALID_FIELDS, _field_errors(exc.detail)
        if list(errors) == ["non_field_errors"]:
            detail = " ".join(errors["non_field_errors"])
        detail = getattr(exc, "summary", detail)  # api.kit.strict names refused fields
        response.data = error_body(response.status_code, "invalid", detail, errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or "error"
        response.data = error_body(response.status_code, str(code), " ".join(_flatten(detail)))
    return response


@csrf_exempt
def unknown_url(request, *args, **kwargs):
    """Any /api/v1/ URL no route matches (``/accounts/0.5/``): the JSON 404, not the admin's
    catch-all (a redirect to the sign-in page, then a CSRF page on writes)."""
    return JsonResponse(error_body(404, "not_found", "Not found."), status=404)
