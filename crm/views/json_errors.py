"""How JSON endpoints report a refused operation: 400 for a rule, 409 for a stale version."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from crm.errors import ConcurrencyError, error_message


def json_error_response(exc: Exception) -> JsonResponse:
    status = 409 if isinstance(exc, ConcurrencyError) else 400
    if not isinstance(exc, (ConcurrencyError, ValidationError)):
        raise exc
    return JsonResponse({"ok": False, "error": error_message(exc)}, status=status)
