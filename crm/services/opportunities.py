"""Opportunity transactions. ``change_stage`` is the one way a stage changes: the record
page path, its detail actions and the pipeline Kanban all call it."""

from django.db import transaction

from crm.models.opportunities import Opportunity, Stage
from crm.services.errors import BusinessRuleError, ConcurrencyError

UNKNOWN_STAGE = "'{stage}' is not a stage."
SAME_STAGE = "'{name}' is already in {stage}."
WON_IS_FINAL = (
    "'{name}' has an order or contract, so it stays Closed Won. Create a new opportunity instead."
)
LOST_NEEDS_ADMIN = "Only admins can reopen a lost opportunity."
CLOSED_TO_CLOSED = "Reopen '{name}' first: a closed opportunity cannot switch to {stage}."
NO_PERMISSION = "You do not have permission to edit '{name}'."


def _refusal(opportunity: Opportunity, stage: str, user) -> str:
    """Explain, in the user's words, why the move is not allowed."""
    label = Stage(stage).label
    if opportunity.stage == Stage.CLOSED_WON and opportunity.has_fulfilment_records():
        return WON_IS_FINAL.format(name=opportunity)
    if opportunity.stage == Stage.CLOSED_LOST and not getattr(user, "is_admin_role", False):
        return LOST_NEEDS_ADMIN
    return CLOSED_TO_CLOSED.format(name=opportunity, stage=label)


@transaction.atomic
def change_stage(
    opportunity: Opportunity,
    *,
    stage: str,
    user,
    version: int | None = None,
    loss_reason: str = "",
) -> Opportunity:
    """Move ``opportunity`` to ``stage`` (probability, close date and forecast follow).

    Locks the row so two people dragging the same card cannot both win; ``version`` is the
    version the caller saw (stale → ConcurrencyError, nothing changes)."""
    if stage not in Stage.values:
        raise BusinessRuleError(UNKNOWN_STAGE.format(stage=stage))
    if not user.has_perm("crm.change_opportunity"):
        raise BusinessRuleError(NO_PERMISSION.format(name=opportunity))
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if version is not None and version != locked.version:
        raise ConcurrencyError()
    if locked.stage == stage:
        raise BusinessRuleError(SAME_STAGE.format(name=locked, stage=Stage(stage).label))
    transitions = [
        t for t in locked.get_available_user_stage_transitions(user) if t.target == stage
    ]
    if not transitions:
        raise BusinessRuleError(_refusal(locked, stage, user))
    method = getattr(locked, transitions[0].name)
    if stage == Stage.CLOSED_LOST:
        method(loss_reason=loss_reason)
    else:
        method()
    locked._history_user = user
    locked.save()
    _copy_state(locked, onto=opportunity)
    return locked


def _copy_state(source: Opportunity, *, onto: Opportunity) -> None:
    for field in ("stage", "probability", "close_date", "loss_reason", "version", "updated_at"):
        onto.__dict__[field] = getattr(source, field)
