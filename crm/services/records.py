"""Transactions every business record shares: deactivate and reactivate."""

from django.db import transaction

from crm.errors import BusinessRuleError
from crm.services.transitions import check_version

NOT_ALLOWED_TO_DEACTIVATE = "You can only deactivate records you own."
ONLY_ADMINS_REACTIVATE = "Only admins can reactivate records."
ALREADY_INACTIVE = "'{record}' is already inactive."
ALREADY_ACTIVE = "'{record}' is already active."


def can_deactivate(user, record) -> bool:
    """Admins may deactivate any record; sales users the records they own (SPEC §5)."""
    if getattr(user, "is_admin_role", False):
        return True
    return getattr(record, "owner_id", None) == user.pk


@transaction.atomic
def deactivate(record, *, user, version: int | None = None) -> None:
    check_version(record, version)
    if not record.is_active:
        raise BusinessRuleError(ALREADY_INACTIVE.format(record=record))
    if not can_deactivate(user, record):
        raise BusinessRuleError(NOT_ALLOWED_TO_DEACTIVATE)
    record.is_active = False
    record._history_user = user
    record.save()


@transaction.atomic
def reactivate(record, *, user, version: int | None = None) -> None:
    check_version(record, version)
    if not getattr(user, "is_admin_role", False):
        raise BusinessRuleError(ONLY_ADMINS_REACTIVATE)
    if record.is_active:
        raise BusinessRuleError(ALREADY_ACTIVE.format(record=record))
    record.is_active = True
    record._history_user = user
    record.save()
