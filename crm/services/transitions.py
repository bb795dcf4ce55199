"""The one way a status changes (SPEC §4 state machines).

Every path click, Kanban drop, status button and import row that moves a record along its
state machine comes here. ``transition`` locks the row, checks the version the user saw,
finds the django-fsm transition leading to the target, checks its conditions and permission,
runs it and saves with history — all in one transaction. Named services (``change_stage``,
``change_status``, later ``start_case``, ``present_quote`` …) are thin wrappers that add their
own guards, messages and side effects.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction as db_transaction
from django_fsm import has_transition_perm

from crm.errors import BusinessRuleError, ConcurrencyError

REFUSED = "'{record}' cannot move from {current} to {target}."
ALREADY_THERE = "'{record}' is already {target}."
UNKNOWN_STATE = "'{target}' is not a valid {field}."
NO_PERMISSION = "You do not have permission to edit '{record}'."

# refusal(record, target, user) -> the message to show when no transition leads to target.
Refusal = Callable[[Any, str, Any], str]


def _labels(record, field: str) -> dict[str, str]:
    return {str(value): str(label) for value, label in record._meta.get_field(field).choices}


def default_refusal(record, target: str, user, *, field: str) -> str:
    labels = _labels(record, field)
    current = getattr(record, field)
    if current == target:
        return ALREADY_THERE.format(record=record, target=labels.get(target, target))
    return REFUSED.format(
        record=record, current=labels.get(current, current), target=labels.get(target, target)
    )


def allowed_targets(record, *, field: str, user) -> set[str]:
    """The states this user may move the record to right now (FSM conditions + permission)."""
    get_transitions = getattr(record, f"get_available_user_{field}_transitions")
    return {t.target for t in get_transitions(user) if t.target != getattr(record, field)}


def find_transition(record, *, field: str, target: str, user, refusal: Refusal | None = None):
    """The bound transition method of ``record`` that leads to ``target`` for ``user``.

    Raises BusinessRuleError with the user's message when the target is unknown, is the
    current state, or no transition leads there (conditions or permission refuse it)."""
    labels = _labels(record, field)
    if target not in labels:
        verbose = record._meta.get_field(field).verbose_name
        raise BusinessRuleError(UNKNOWN_STATE.format(target=target, field=verbose))
    explain = refusal or (lambda rec, tgt, usr: default_refusal(rec, tgt, usr, field=field))
    if getattr(record, field) == target:
        raise BusinessRuleError(explain(record, target, user))
    get_transitions = getattr(record, f"get_available_{field}_transitions")
    for candidate in get_transitions():
        if candidate.target != target:
            continue
        method = getattr(record, candidate.name)
        if has_transition_perm(method, user):
            return method
    raise BusinessRuleError(explain(record, target, user))


def lock(record):
    """Re-read ``record`` with its row locked (``SELECT … FOR UPDATE`` on PostgreSQL)."""
    return type(record)._base_manager.select_for_update().get(pk=record.pk)


def check_version(record, version: int | None) -> None:
    """The optimistic-lock pre-check: the version the user saw must still be current."""
    if version is not None and version != record.version:
        raise ConcurrencyError()


def has_change_permission(user, record) -> bool:
    meta = record._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def copy_saved_state(source, *, onto) -> None:
    """Let the caller's instance see what was committed (FSM fields are protected, so the
    values go straight into ``__dict__``); related-object caches are dropped."""
    if onto is source:
        return
    for field in source._meta.concrete_fields:
        onto.__dict__[field.attname] = getattr(source, field.attname)
    onto._state.fields_cache.clear()


@db_transaction.atomic
def transition(
    record,
    *,
    field: str,
    target: str,
    user,
    version: int | None,
    refusal: Refusal | None = None,
    guard: Callable[[Any], None] | None = None,
    transition_kwargs: dict | None = None,
):
    """Move ``record`` to ``target`` along its ``field`` state machine and save it.

    ``version`` is the version the user saw (``None`` only for services that already hold
    the current row); ``guard(locked)`` may refuse with a BusinessRuleError before anything
    changes; ``transition_kwargs`` go to the transition method. Returns the saved (locked)
    instance and copies its state onto ``record``."""
    if not has_change_permission(user, record):
        raise BusinessRuleError(NO_PERMISSION.format(record=record))
    locked = lock(record)
    if guard is not None:
        guard(locked)
    check_version(locked, version)
    method = find_transition(locked, field=field, target=target, user=user, refusal=refusal)
    method(**(transition_kwargs or {}))
    locked._history_user = user
    locked.save()
    copy_saved_state(locked, onto=record)
    return locked
