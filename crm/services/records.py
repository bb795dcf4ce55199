"""Transactions every business record shares: the one write path (``save_record``),
owner changes, deactivation and reactivation."""

from django.core.exceptions import ValidationError
from django.db import transaction

from crm.errors import BusinessRuleError
from crm.services.transitions import check_version, copy_saved_state, lock

NOT_ALLOWED_TO_DEACTIVATE = "You can only deactivate records you own."
ONLY_ADMINS_REACTIVATE = "Only admins can reactivate records."
ALREADY_INACTIVE = "'{record}' is already inactive."
ALREADY_ACTIVE = "'{record}' is already active."
ONLY_ADMINS_CHANGE_OWNER = "Only admins can change a record's owner."
OWNER_INACTIVE = "{owner} is deactivated and cannot own records."
SAME_OWNER = "'{record}' is already owned by {owner}."


def has_owner(record_or_model) -> bool:
    return any(field.name == "owner" for field in record_or_model._meta.fields)


def is_admin(user) -> bool:
    return bool(getattr(user, "is_admin_role", False))


def check_owner_choice(*, user, record, owner) -> None:
    """SPEC §5 ownership: sales users create records owned by themselves and never move a
    record to someone else; admins may choose any active user."""
    if owner is None:
        return
    if not owner.is_active:
        raise BusinessRuleError(OWNER_INACTIVE.format(owner=owner))
    if is_admin(user):
        return
    current = None if record.pk is None else type(record)._base_manager.filter(pk=record.pk)
    current_owner_id = current.values_list("owner_id", flat=True).first() if current else None
    allowed = {user.pk} if record.pk is None else {current_owner_id}
    if owner.pk not in allowed:
        raise BusinessRuleError(ONLY_ADMINS_CHANGE_OWNER)


@transaction.atomic
def save_record(record, *, user, version: int | None = None, validate: bool = True, **kwargs):
    """The write path of every record (admin form, services, imports): owner default,
    validation, the optimistic-version check and history attributed to ``user``.

    ``version`` is the version the user saw (``None`` when the caller just read the row);
    the model's own ``save()`` still claims it with a conditional UPDATE, so two writers
    can never both win. ``validate=False`` is for callers that already ran ``full_clean``
    (a bound admin form). Extra ``kwargs`` go to ``Model.save`` (e.g. ``update_fields``)."""
    if record.pk is None and has_owner(record) and not record.owner_id:
        record.owner = user
    if record.pk is not None:
        check_version(record, version)
    if validate:
        # FSM-protected state fields only change through transitions (SPEC §4).
        protected = [f.name for f in record._meta.fields if getattr(f, "protected", False)]
        try:
            record.full_clean(exclude=protected)
        except ValidationError as exc:
            raise BusinessRuleError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
    record._history_user = user
    record.save(**kwargs)
    return record


@transaction.atomic
def change_owner(record, *, owner, user, version: int | None):
    """Give ``record`` to ``owner`` (admins only; the owner must be an active user)."""
    if not is_admin(user):
        raise BusinessRuleError(ONLY_ADMINS_CHANGE_OWNER)
    if not owner.is_active:
        raise BusinessRuleError(OWNER_INACTIVE.format(owner=owner))
    locked = lock(record)
    check_version(locked, version)
    if locked.owner_id == owner.pk:
        raise BusinessRuleError(SAME_OWNER.format(record=locked, owner=owner))
    locked.owner = owner
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=record)
    return locked


def can_deactivate(user, record) -> bool:
    """Admins may deactivate any record; sales users the records they own (SPEC §5)."""
    if is_admin(user):
        return True
    return getattr(record, "owner_id", None) == user.pk


@transaction.atomic
def deactivate(record, *, user, version: int | None = None) -> None:
    locked = lock(record)
    check_version(locked, version)
    if not locked.is_active:
        raise BusinessRuleError(ALREADY_INACTIVE.format(record=locked))
    if not can_deactivate(user, locked):
        raise BusinessRuleError(NOT_ALLOWED_TO_DEACTIVATE)
    locked.is_active = False
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=record)


@transaction.atomic
def reactivate(record, *, user, version: int | None = None) -> None:
    if not is_admin(user):
        raise BusinessRuleError(ONLY_ADMINS_REACTIVATE)
    locked = lock(record)
    check_version(locked, version)
    if locked.is_active:
        raise BusinessRuleError(ALREADY_ACTIVE.format(record=locked))
    locked.is_active = True
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=record)
