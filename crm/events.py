"""Refused writes are events: one structured JSON line each (logger ``crm.events``), so an
operator can count stale saves, rule refusals, 403s, lock-outs and 429s without reading
messages. The line carries codes and ids only — never field values, messages or emails
(they may hold personal data).

Called once where a refusal becomes an answer: the admin's toast / form error
(crm.admin.kit.feedback), the JSON endpoints (crm.http), the 403 handler
(crm.views.refusals), the API's exception handler (api.kit.errors) and axes' lock-out
signal (connected in crm.apps)."""

import logging

from django.core.exceptions import ValidationError

from crm.errors import ConcurrencyError

logger = logging.getLogger("crm.events")

EVENT = "write_refused"
STALE_VERSION = "stale_version"
BUSINESS_RULE = "business_rule"
PERMISSION_DENIED = "permission_denied"
LOCKED_OUT = "locked_out"
THROTTLED = "throttled"
CONFLICT = "conflict"
# A user who retries a stale save or breaks a rule is normal work (INFO); the others can be
# an attack or a misconfigured client (WARNING).
LEVELS = {STALE_VERSION: logging.INFO, BUSINESS_RULE: logging.INFO, CONFLICT: logging.INFO}
RECORD_KWARGS = ("object_id", "pk", "id")


def reason_for(exc: Exception) -> str | None:
    """The reason code of a domain refusal (None: not a refusal this module knows)."""
    if isinstance(exc, ConcurrencyError):
        return STALE_VERSION
    if isinstance(exc, ValidationError):  # BusinessRuleError and a service's full_clean
        return BUSINESS_RULE
    return None


def _current_request():
    """The request being served, for callers that have none at hand (a form's clean, a JSON
    helper): simple_history's middleware keeps it for the history rows' user."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def _model_of(match) -> str | None:
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is not None:
        return model_admin.model._meta.label_lower
    # Admin URL names are "<app>_<model>_<view>" (model names never contain "_").
    if "admin" in match.namespaces and match.url_name and match.url_name.count("_") >= 2:
        app_label, model_name = match.url_name.split("_")[:2]
        return f"{app_label}.{model_name}"
    return None


def _record_of(match) -> str | None:
    for name in RECORD_KWARGS:
        if match.kwargs.get(name) not in (None, ""):
            return str(match.kwargs[name])
    return None


def log_refusal(*, reason: str, user=None, model=None, record_id=None, request=None) -> None:
    """Log one refused write. ``model`` may be a model class, an instance or a label; what is
    not given is taken from the request (its user, and the record its URL names)."""
    request = request if request is not None else _current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if model is None and match is not None:
        model = _model_of(match)
    if record_id is None and match is not None:
        record_id = _record_of(match)
    if model is not None and not isinstance(model, str):
        model = model._meta.label_lower
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    logger.log(
        LEVELS.get(reason, logging.WARNING),
        EVENT,
        extra={
            "event": EVENT,
            "reason": reason,
            "user_id": user.pk if authenticated else None,
            "model": model,
            "record_id": None if record_id is None else str(record_id),
        },
    )


def log_exception_refusal(exc: Exception, *, request=None, model=None, record_id=None) -> None:
    """``log_refusal`` for a caught ConcurrencyError / BusinessRuleError / ValidationError."""
    reason = reason_for(exc)
    if reason is not None:
        log_refusal(reason=reason, request=request, model=model, record_id=record_id)


def log_lockout(sender, request=None, username=None, **kwargs) -> None:
    """axes' ``user_locked_out``: the account's id when the address is a user's — never the
    address itself, nor the client's IP."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user_id = None
    if username:
        user_id = (
            user_model._default_manager.filter(**{f"{user_model.USERNAME_FIELD}__iexact": username})
            .values_list("pk", flat=True)
            .first()
        )
    logger.warning(
        EVENT,
        extra={
            "event": EVENT,
            "reason": LOCKED_OUT,
            "user_id": user_id,
            "model": user_model._meta.label_lower,
            "record_id": None if user_id is None else str(user_id),
        },
    )
