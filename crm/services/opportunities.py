"""Opportunity transactions. ``change_stage`` is the one way a stage changes: the record
page path, its detail actions and the pipeline Kanban all call it."""

from crm.errors import BusinessRuleError
from crm.models.opportunities import Opportunity, Stage
from crm.services.transitions import transition

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
    if opportunity.stage == stage:
        return SAME_STAGE.format(name=opportunity, stage=label)
    if opportunity.stage == Stage.CLOSED_WON and opportunity.has_fulfilment_records():
        return WON_IS_FINAL.format(name=opportunity)
    if opportunity.stage == Stage.CLOSED_LOST and not getattr(user, "is_admin_role", False):
        return LOST_NEEDS_ADMIN
    return CLOSED_TO_CLOSED.format(name=opportunity, stage=label)


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
    return transition(
        opportunity,
        field="stage",
        target=stage,
        user=user,
        version=version,
        refusal=_refusal,
        transition_kwargs={"loss_reason": loss_reason} if stage == Stage.CLOSED_LOST else None,
    )
