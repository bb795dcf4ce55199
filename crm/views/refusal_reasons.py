"""Why a request was refused, in the user's words, for the 403 page (crm.views.refusals).

A ``PermissionDenied("…")`` carries its own reason. A bare one (Django's admin views, Unfold's
action decorator) is explained from the URL it answered: the admin page or action behind it,
whether the user's role may use it at all, and — for an action on one record — the state the
record is in now, since a stale button (a colleague fulfilled the order first) is the usual
way to get there."""

from dataclasses import dataclass

GENERIC_REASON = "your role does not allow this page or action."
ADMIN_ONLY_PAGE = "only administrators can open {objects}."
ADMIN_ONLY_ADD = "only administrators can create {objects}."
ADMIN_ONLY_ACTION = "only administrators can use “{action}” on {objects}."
# The same refusals for an administrator: then no role may do it here.
NOBODY_PAGE = "{objects} cannot be opened here."
NOBODY_ADD = "{objects} cannot be created here."
NOBODY_ACTION = "“{action}” cannot be used on {objects}."
RECORD_NOT_ALLOWED = "your role cannot open this {object}."
ACTION_NOT_NOW = (
    "“{action}” is not available for {object} ‘{record}’{state}. "
    "Someone may have changed it since you opened the page."
)


@dataclass(frozen=True)
class Refusal:
    reason: str
    back_url: str | None = None  # the record the refused action was about, when viewable
    back_label: str = ""


def _sentence(text: str) -> str:
    """Fit a message after "You cannot do this:" (lower-case first word unless an acronym)."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _by_role(user, admin_only: str, nobody: str, **values) -> str:
    text = nobody if getattr(user, "is_admin_role", False) else admin_only
    return _sentence(text.format(**values))


def _model_admin(match):
    if match is None:
        return None
    return getattr(match.func, "model_admin", None) or match.kwargs.get("model_admin")


def _role_allows(model_admin, request, permissions) -> bool:
    """The action's permission checks without a record: does the role allow it at all?"""
    for permission in permissions or ():
        if "." in permission:
            if not request.user.has_perm(permission):
                return False
        elif not getattr(model_admin, f"has_{permission}_permission")(request):
            return False
    return True


def _record(model_admin, request, object_id):
    getter = getattr(model_admin, "get_record", None)
    if getter is not None:
        return getter(request, object_id)
    return model_admin.get_object(request, object_id)


def _state(model_admin, record) -> str:
    field = getattr(model_admin, "path_field", None)
    if not field:
        return ""
    return f" now that it is {getattr(record, f'get_{field}_display')()}"


def _action_refusal(model_admin, request, match, label: str) -> Refusal:
    opts = model_admin.model._meta
    objects = opts.verbose_name_plural
    func = match.func
    if not _role_allows(model_admin, request, getattr(func, "allowed_permissions", ())):
        reason = _by_role(
            request.user, ADMIN_ONLY_ACTION, NOBODY_ACTION, action=label, objects=objects
        )
        return Refusal(reason)
    object_id = match.kwargs.get("object_id")
    record = _record(model_admin, request, object_id) if object_id else None
    if record is None:
        return Refusal(GENERIC_REASON)
    reason = ACTION_NOT_NOW.format(
        action=label, object=opts.verbose_name, record=record, state=_state(model_admin, record)
    )
    if not model_admin.has_view_or_change_permission(request, record):
        return Refusal(reason)
    back = getattr(model_admin, "record_url", None)
    return Refusal(reason, back(record) if back else None, f"Back to {opts.verbose_name}")


def refusal_for(request, exception=None) -> Refusal:
    message = str(exception or "").strip()
    if message:
        return Refusal(_sentence(message))
    match = getattr(request, "resolver_match", None)
    model_admin = _model_admin(match)
    user = getattr(request, "user", None)
    if model_admin is None or user is None or not user.is_authenticated:
        return Refusal(GENERIC_REASON)
    objects = model_admin.model._meta.verbose_name_plural
    if not model_admin.has_view_or_change_permission(request):
        return Refusal(_by_role(user, ADMIN_ONLY_PAGE, NOBODY_PAGE, objects=objects))
    label = getattr(match.func, "short_description", None)
    if label:
        return _action_refusal(model_admin, request, match, str(label))
    if match.url_name and match.url_name.endswith("_add"):
        return Refusal(_by_role(user, ADMIN_ONLY_ADD, NOBODY_ADD, objects=objects))
    if match.kwargs.get("object_id"):
        return Refusal(RECORD_NOT_ALLOWED.format(object=model_admin.model._meta.verbose_name))
    return Refusal(GENERIC_REASON)
