"""Opportunity transactions. ``change_stage`` is the one way a stage changes: the record
page path, its detail actions and the pipeline Kanban all call it."""

from datetime import date

from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models.contracts import BillingCycle, Contract
from crm.models.opportunities import LossReason, Opportunity, Stage
from crm.models.orders import Order
from crm.services import orders as order_services
from crm.services.contracts import NewLine, create_contract
from crm.services.transitions import check_version, lock, transition

UNKNOWN_STAGE = "'{stage}' is not a stage."
SAME_STAGE = "'{name}' is already in {stage}."
WON_IS_FINAL = (
    "'{name}' has an order or contract, so it stays Closed Won. Create a new opportunity instead."
)
LOST_NEEDS_ADMIN = "Only admins can reopen a lost opportunity."
CLOSED_TO_CLOSED = "Reopen '{name}' first: a closed opportunity cannot switch to {stage}."
NO_PERMISSION = "You do not have permission to edit '{name}'."
LOSS_REASON_REQUIRED = (
    "Choose why '{name}' was lost (Price, Competitor, No budget, No decision, Timing or Other)."
)
LOSS_DETAILS_MAX = 2000
LOSS_DETAILS_TOO_LONG = f"Keep the loss details under {LOSS_DETAILS_MAX} characters."
CLOSE_DATE_ONLY_WHEN_CLOSING = "A close date is set here only when the opportunity is closed."


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
    loss_details: str = "",
    close_date: date | None = None,
) -> Opportunity:
    """Move ``opportunity`` to ``stage`` (probability, close date and forecast follow).

    Closing may carry the ``close_date`` the user chose (default: the deal's own, else
    today); Closed Lost needs a ``loss_reason`` from ``LossReason`` (optional
    ``loss_details``) — without one nothing changes. Locks the row so two people dragging
    the same card cannot both win; ``version`` is the version the caller saw (stale →
    ConcurrencyError, nothing changes)."""
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
        transition_kwargs=_closing_kwargs(
            opportunity, stage, loss_reason=loss_reason, details=loss_details, day=close_date
        ),
    )


def _closing_kwargs(opportunity, stage: str, *, loss_reason, details, day) -> dict | None:
    """What the close transitions receive, checked before anything is locked or saved."""
    if stage == Stage.CLOSED_LOST:
        if loss_reason not in LossReason.values:
            raise BusinessRuleError(LOSS_REASON_REQUIRED.format(name=opportunity))
        details = (details or "").strip()
        if len(details) > LOSS_DETAILS_MAX:
            raise BusinessRuleError(LOSS_DETAILS_TOO_LONG)
        return {"loss_reason": loss_reason, "loss_details": details, "close_date": day}
    if stage == Stage.CLOSED_WON:
        return {"close_date": day}
    if day is not None:
        raise BusinessRuleError(CLOSE_DATE_ONLY_WHEN_CLOSING)
    return None


ORDER_NEEDS_PERMISSION = "You do not have permission to generate orders."
ORDER_NEEDS_WON = "Only a Closed Won opportunity can be ordered; '{name}' is {stage}."
ORDER_NEEDS_LINES = "Add at least one product to '{name}' before generating an order."
ORDER_EXISTS = "'{name}' already has order {number}; cancel it first to generate a new one."


def order_refusal(opportunity: Opportunity) -> str | None:
    """Why no order can be generated from ``opportunity`` right now (None: it can)."""
    if opportunity.stage != Stage.CLOSED_WON:
        return ORDER_NEEDS_WON.format(name=opportunity, stage=opportunity.get_stage_display())
    existing = opportunity.orders.open().order_by("pk").first()
    if existing is not None:
        return ORDER_EXISTS.format(name=opportunity, number=existing.number)
    if not opportunity.line_items.exists():
        return ORDER_NEEDS_LINES.format(name=opportunity)
    return None


def generate_order(opportunity: Opportunity, *, user, version: int | None = None) -> Order:
    """Turn a won deal into its order: the order row and a snapshot of every line, in one
    transaction with the opportunity row locked, so two clicks can never make two orders
    (a partial unique constraint backs this up in the database). ``version`` is the
    opportunity's version the user saw, when the call comes from a page."""
    if not user.has_perm("crm.generate_order"):
        raise BusinessRuleError(ORDER_NEEDS_PERMISSION)
    with transaction.atomic():
        locked = lock(opportunity)
        check_version(locked, version)
        refusal = order_refusal(locked)
        if refusal:
            raise BusinessRuleError(refusal)
        order = Order(
            account_id=locked.account_id,
            opportunity=locked,
            currency=locked.currency,
            owner_id=locked.owner_id,
        )
        order._history_user = user
        order.save()
        for line in locked.line_items.order_by("created_at", "pk"):
            order_services.snapshot_line(order, line, user=user)
    return order


CONTRACT_NEEDS_PERMISSION = "You do not have permission to generate contracts."
CONTRACT_NEEDS_WON = "Only a Closed Won opportunity can become a contract; '{name}' is {stage}."
CONTRACT_NEEDS_RETAINERS = (
    "'{name}' has no retainer products (monthly maintenance, hosting, SEO …): "
    "a contract bills retainer products only."
)


def retainer_lines(opportunity: Opportunity):
    return opportunity.line_items.filter(product__is_retainer_product=True).select_related(
        "product"
    )


def contract_refusal(opportunity: Opportunity) -> str | None:
    """Why no contract can be generated from ``opportunity`` right now (None: it can)."""
    if opportunity.stage != Stage.CLOSED_WON:
        return CONTRACT_NEEDS_WON.format(name=opportunity, stage=opportunity.get_stage_display())
    if not retainer_lines(opportunity).exists():
        return CONTRACT_NEEDS_RETAINERS.format(name=opportunity)
    return None


def generate_contract(
    opportunity: Opportunity,
    *,
    user,
    start_date: date,
    term_months: int = 12,
    billing_cycle: str = BillingCycle.MONTHLY,
    version: int | None = None,
) -> Contract:
    """A draft retainer contract from a won deal: its retainer-product lines become the
    contract's lines (sale price → price per cycle). The opportunity row is locked for the
    copy; several contracts per deal or account are allowed (renewals, extra services)."""
    if not user.has_perm("crm.generate_contract"):
        raise BusinessRuleError(CONTRACT_NEEDS_PERMISSION)
    with transaction.atomic():
        locked = lock(opportunity)
        check_version(locked, version)
        refusal = contract_refusal(locked)
        if refusal:
            raise BusinessRuleError(refusal)
        lines = [
            NewLine(line.product, line.quantity, line.sale_price, line.description)
            for line in retainer_lines(locked).order_by("created_at", "pk")
        ]
        return create_contract(
            user=user,
            account=locked.account,
            opportunity=locked,
            start_date=start_date,
            term_months=term_months,
            billing_cycle=billing_cycle,
            currency=locked.currency,
            lines=lines,
            owner=locked.owner,
        )
