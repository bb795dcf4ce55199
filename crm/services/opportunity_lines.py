"""Products (line items) and contact roles of an opportunity — added, edited and removed from
its Related tab. Each write locks the opportunity row first, so a line can never slip onto a
deal that is being closed, and two people ticking "Primary" cannot both win."""

from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models.opportunities import Opportunity
from crm.models.opportunity_lines import LINES_LOCKED, OpportunityContactRole, OpportunityLineItem
from crm.services.child_rows import check_unchanged
from crm.services.records import save_record
from crm.services.transitions import lock

NO_PERMISSION = "You do not have permission to change the products and roles of '{name}'."


def _lock_open_opportunity(opportunity_id: int, *, user) -> Opportunity:
    opportunity = lock(Opportunity(pk=opportunity_id))
    if not user.has_perm("crm.change_opportunity"):
        raise BusinessRuleError(NO_PERMISSION.format(name=opportunity))
    if opportunity.is_closed:
        raise BusinessRuleError(LINES_LOCKED)
    return opportunity


@transaction.atomic
def save_line_item(
    line: OpportunityLineItem, *, user, seen: int | None = None
) -> OpportunityLineItem:
    """Add or edit a product line (blank price = the product's list price). ``seen``: the
    line's ``change_marker`` the editor read (crm.services.child_rows)."""
    line.opportunity = _lock_open_opportunity(line.opportunity_id, user=user)
    check_unchanged(line, seen=seen)
    return save_record(line, user=user)


@transaction.atomic
def remove_line_item(line: OpportunityLineItem, *, user, seen: int | None = None) -> None:
    _remove(line, user=user, seen=seen)


def _remove(child, *, user, seen: int | None) -> None:
    """Lines and roles are the only opportunity children that may be deleted (SPEC §4)."""
    _lock_open_opportunity(child.opportunity_id, user=user)
    check_unchanged(child, seen=seen)
    child._history_user = user
    child.delete()


@transaction.atomic
def save_contact_role(
    role: OpportunityContactRole, *, user, seen: int | None = None
) -> OpportunityContactRole:
    """Add or edit a contact role. Ticking Primary moves the primary flag to this contact
    (Salesforce behaviour): the previous primary is cleared in the same transaction."""
    role.opportunity = _lock_open_opportunity(role.opportunity_id, user=user)
    check_unchanged(role, seen=seen)
    if role.is_primary:
        others = OpportunityContactRole.objects.filter(
            opportunity_id=role.opportunity_id, is_primary=True
        ).exclude(pk=role.pk)
        for previous in others:
            previous.is_primary = False
            save_record(previous, user=user, validate=False)
    return save_record(role, user=user)


@transaction.atomic
def remove_contact_role(role: OpportunityContactRole, *, user, seen: int | None = None) -> None:
    _remove(role, user=user, seen=seen)
