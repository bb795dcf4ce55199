"""Strict write bodies: a create, PATCH or action body that names a read-only field (a status,
a number, a total, the version on create) or a field the resource does not have answers 400
naming each one, and nothing is applied. DRF would drop them silently, so a client setting
``{"status": "void"}`` got a 200 and believed the payment void.

``version`` stays accepted on a PATCH, where it is the lock (api.kit.versions). A state field
names the actions that change it, from the viewset's ``state_actions`` (merged along the MRO,
so a mixin such as DeactivationActions adds ``is_active``)."""

from collections.abc import Mapping

from rest_framework import serializers

UNKNOWN_FIELD = "Unknown field: this resource has no such field."
READ_ONLY_FIELD = "Read-only: it cannot be set in a request."
CHANGES_THROUGH = "Read-only: it changes through {actions}."
NOT_APPLIED = "Nothing was saved: {names} cannot be written here."
READ_ONLY, UNKNOWN = "read_only", "unknown_field"


class UnwritableFields(serializers.ValidationError):
    """A 400 whose detail names the refused fields (api.kit.errors uses ``summary``)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.summary = NOT_APPLIED.format(names=", ".join(errors))


def state_actions(view) -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    for klass in reversed(type(view).__mro__):
        merged.update(klass.__dict__.get("state_actions", {}))
    return merged


def _hint(view, name: str) -> str:
    actions = state_actions(view).get(name) if view is not None else None
    if not actions:
        return READ_ONLY_FIELD
    pk = getattr(view, "kwargs", {}).get("pk") or "{id}"
    urls = [f"POST /api/v1/{view.basename}/{pk}/{action}/" for action in actions]
    return CHANGES_THROUGH.format(actions=" or ".join(urls))


def unwritable(serializer, data) -> dict[str, list[str]]:
    """``{field: [message]}`` for every key of ``data`` the serializer would not apply."""
    if not isinstance(data, Mapping):
        return {}  # not an object: the serializer's own message
    fields = serializer.fields
    view = serializer.context.get("view")
    refused = {}
    for name in data:
        field = fields.get(name)
        if name == "version" and _is_lock(serializer, view):
            continue
        if field is None:
            refused[name] = [UNKNOWN_FIELD]
        elif field.read_only:
            refused[name] = [_hint(view, name)]
    return refused


def _is_lock(serializer, view) -> bool:
    """``version`` in the body of a PATCH or a versioned action is the version read (the
    alternative to If-Match); on a create or a payment it would be ignored, so it is refused."""
    if serializer.instance is not None:
        return True
    action = getattr(view, "action", None)
    return action not in (None, "create") and getattr(view, "versioned", True)


def refuse_unwritable(serializer, data) -> None:
    if refused := unwritable(serializer, data):
        raise UnwritableFields(refused)


class StrictInput:
    """Mix into a serializer that takes input: unknown or read-only keys are a 400 at the top
    level (``is_valid``) and inside a nested value (``to_internal_value``)."""

    def is_valid(self, *, raise_exception=False):
        refused = unwritable(self, getattr(self, "initial_data", None))
        if not refused:
            return super().is_valid(raise_exception=raise_exception)
        self._validated_data, self._errors = {}, refused
        if raise_exception:
            raise UnwritableFields(refused)
        return False

    def to_internal_value(self, data):
        refuse_unwritable(self, data)
        return super().to_internal_value(data)
