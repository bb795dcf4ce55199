"""Transactions every business record shares: deactivate, reactivate, move along its path."""

from django.db import transaction

from crm.services.errors import BusinessRuleError, ConcurrencyError

NOT_ALLOWED_TO_DEACTIVATE = "You can only deactivate records you own."
ONLY_ADMINS_REACTIVATE = "Only admins can reactivate records."
ALREADY_INACTIVE = "'{record}' is already inactive."
ALREADY_ACTIVE = "'{record}' is already active."
TRANSITION_REFUSED = "'{record}' cannot move from {current} to {target}."


def can_deactivate(user, record) -> bool:
    """Admins may deactivate any record; sales users the records they own (SPEC §5)."""
    if getattr(user, "is_admin_role", False):
        return True
    return getattr(record, "owner_id", None) == user.pk


def _check_version(record, version: int | None) -> None:
    if version is not None and version != record.version:
        raise ConcurrencyError()


@transaction.atomic
def deactivate(record, *, user, version: int | None = None) -> None:
    _check_version(record, version)
    if not record.is_active:
        raise BusinessRuleError(ALREADY_INACTIVE.format(record=record))
    if not can_deactivate(user, record):
        raise BusinessRuleError(NOT_ALLOWED_TO_DEACTIVATE)
    record.is_active = False
    record._history_user = user
    record.save()


@transaction.atomic
def reactivate(record, *, user, version: int | None = None) -> None:
    _check_version(record, version)
    if not getattr(user, "is_admin_role", False):
        raise BusinessRuleError(ONLY_ADMINS_REACTIVATE)
    if record.is_active:
        raise BusinessRuleError(ALREADY_ACTIVE.format(record=record))
    record.is_active = True
    record._history_user = user
    record.save()


def available_targets(record, *, field: str, user) -> set[str]:
    """The states this user may move the record to right now (FSM conditions + permission)."""
    get_transitions = getattr(record, f"get_available_user_{field}_transitions")
    return {transition.target for transition in get_transitions(user)}


@transaction.atomic
def transition_to(record, *, field: str, target: str, user, version: int | None = None) -> None:
    """Generic path click: run the FSM transition that leads to ``target``, then save."""
    _check_version(record, version)
    get_transitions = getattr(record, f"get_available_user_{field}_transitions")
    matching = [t for t in get_transitions(user) if t.target == target]
    if not matching:
        labels = dict(record._meta.get_field(field).choices)
        raise BusinessRuleError(
            TRANSITION_REFUSED.format(
                record=record,
                current=labels.get(getattr(record, field), getattr(record, field)),
                target=labels.get(target, target),
            )
        )
    getattr(record, matching[0].name)()
    record._history_user = user
    record.save()
