"""Retainer contract transactions (SPEC §6): create (from a won deal or as a renewal),
activate, terminate and the daily expiry. Status moves go through the transition service;
the expiry runs without a user (a cron job) and is safe to repeat."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models.contracts import BillingCycle, Contract, ContractLineItem, ContractStatus
from crm.services.child_rows import check_unchanged
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, lock, transition

NO_PERMISSION = "You do not have permission to create or change contracts."
UNKNOWN_CYCLE = "'{cycle}' is not a billing cycle (use monthly, quarterly or annually)."
NEEDS_LINES = "Add at least one line to {number} before activating it."
NEEDS_START = "Enter the contract's start date."
RENEW_DRAFT = "{number} is a draft: activate it before renewing it."
INVALID_TERM = "'{term}' is not a number of months."
ENDS_TOO_LATE = "A contract cannot run past the year 9999; choose an earlier start date."


@dataclass(frozen=True)
class NewLine:
    product: object
    quantity: Decimal
    price_per_cycle: Money
    description: str = ""


def _require(user, permission: str) -> None:
    if not user.has_perm(f"crm.{permission}"):
        raise BusinessRuleError(NO_PERMISSION)


def _check_end(contract: Contract) -> None:
    """The end date must be a date (a start near 9999-12-31 plus the term is not)."""
    try:
        contract.computed_end_date()
    except (ValueError, OverflowError):
        raise BusinessRuleError({"start_date": ENDS_TOO_LATE}) from None


def _term(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BusinessRuleError(INVALID_TERM.format(term=value)) from None


@transaction.atomic
def create_contract(
    *,
    user,
    account,
    start_date: date,
    term_months: int = 12,
    billing_cycle: str = BillingCycle.MONTHLY,
    currency: str,
    lines: Iterable[NewLine],
    opportunity=None,
    description: str = "",
    owner=None,
) -> Contract:
    """A draft contract and its lines, in one transaction (validated like a form)."""
    _require(user, "add_contract")
    if billing_cycle not in BillingCycle.values:
        raise BusinessRuleError(UNKNOWN_CYCLE.format(cycle=billing_cycle))
    if start_date is None:
        raise BusinessRuleError(NEEDS_START)
    contract = Contract(
        account=account,
        opportunity=opportunity,
        start_date=start_date,
        term_months=_term(term_months),
        billing_cycle=billing_cycle,
        currency=currency,
        description=description or "",
        owner=owner or user,
    )
    _check_end(contract)
    contract.end_date = contract.computed_end_date()
    save_record(contract, user=user)
    for line in lines:
        item = ContractLineItem(
            contract=contract,
            product=line.product,
            quantity=line.quantity,
            price_per_cycle=line.price_per_cycle,
            description=line.description or "",
        )
        save_record(item, user=user)
    return contract


def renew_contract(contract: Contract, *, user) -> Contract:
    """A new draft with the same account, term, cycle and lines, starting the day after
    ``contract`` ends. Renewals are separate contracts (SPEC §6)."""
    if contract.status == ContractStatus.DRAFT:
        raise BusinessRuleError(RENEW_DRAFT.format(number=contract.number))
    lines = [
        NewLine(line.product, line.quantity, line.price_per_cycle, line.description)
        for line in contract.line_items.select_related("product").order_by("pk")
    ]
    return create_contract(
        user=user,
        account=contract.account,
        opportunity=contract.opportunity,
        start_date=contract.end_date + timedelta(days=1),
        term_months=contract.term_months,
        billing_cycle=contract.billing_cycle,
        currency=contract.currency,
        lines=lines,
        description=contract.description,
        owner=contract.owner,
    )


def _needs_lines(contract: Contract) -> None:
    if not contract.line_items.exists():
        raise BusinessRuleError(NEEDS_LINES.format(number=contract.number))


def activate_contract(contract: Contract, *, user, version: int | None = None) -> Contract:
    """Draft → activated: from now on the contract expects a payment every cycle."""
    return transition(
        contract,
        field="status",
        target=ContractStatus.ACTIVATED,
        user=user,
        version=version,
        guard=_needs_lines,
    )


def terminate_contract(contract: Contract, *, user, version: int | None = None) -> Contract:
    """Activated → terminated: the end date becomes today; nothing is expected after it."""
    return transition(
        contract, field="status", target=ContractStatus.TERMINATED, user=user, version=version
    )


def expire_contracts() -> list[Contract]:
    """Activated contracts whose end date has passed become expired. Each row is locked and
    re-checked, so a second run (or two at once) changes nothing."""
    today = timezone.localdate()
    expired = []
    due = Contract.objects.filter(status=ContractStatus.ACTIVATED, end_date__lt=today)
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            locked = lock(Contract(pk=pk))
            if locked.status != ContractStatus.ACTIVATED or locked.end_date >= today:
                continue
            locked.expire()
            locked._history_user = None
            locked.save()
            expired.append(locked)
    return expired


LINES_LOCKED = "{number} is {status}: its lines can only change while it is a draft."


def _lock_draft(contract_id: int, *, user) -> Contract:
    _require(user, "change_contract")
    locked = lock(Contract(pk=contract_id))
    if locked.status != ContractStatus.DRAFT:
        status = locked.get_status_display().lower()
        raise BusinessRuleError(LINES_LOCKED.format(number=locked.number, status=status))
    return locked


@transaction.atomic
def save_contract_line(
    line: ContractLineItem, *, user, seen: int | None = None
) -> ContractLineItem:
    """Add or edit a line of a draft contract (the contract row locked). ``seen``: the
    line's ``change_marker`` the editor read (crm.services.child_rows)."""
    line.contract = _lock_draft(line.contract_id, user=user)
    check_unchanged(line, seen=seen)
    return save_record(line, user=user)


@transaction.atomic
def remove_contract_line(line: ContractLineItem, *, user, seen: int | None = None) -> None:
    """Draft lines may be removed (SPEC §4); an activated contract's lines never change."""
    _lock_draft(line.contract_id, user=user)
    check_unchanged(line, seen=seen)
    line._history_user = user
    ContractLineItem.objects.filter(pk=line.pk).delete()


DRAFT_ONLY_FIELDS = ("account", "start_date", "term_months", "billing_cycle", "currency")
DRAFT_ONLY = "{number} is {status}: its {fields} can only change while it is a draft."
OPPORTUNITY_FIXED = "A contract stays with the opportunity it was made for."


@transaction.atomic
def update_contract(contract: Contract, *, user, version: int | None, **changes) -> Contract:
    """Edit a contract's fields (the admin form's rules, for every client): the account,
    dates, term, cycle and currency only while it is a draft; the opportunity never."""
    _require(user, "change_contract")
    locked = lock(contract)
    check_version(locked, version)
    if "opportunity" in changes and changes["opportunity"] != locked.opportunity:
        raise BusinessRuleError({"opportunity": OPPORTUNITY_FIXED})
    moved = [
        name
        for name in DRAFT_ONLY_FIELDS
        if name in changes and changes[name] != getattr(locked, name)
    ]
    if moved and locked.status != ContractStatus.DRAFT:
        status = locked.get_status_display().lower()
        fields = ", ".join(name.replace("_", " ") for name in moved)
        raise BusinessRuleError(
            DRAFT_ONLY.format(number=locked.number, status=status, fields=fields)
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_end(locked)
    save_record(locked, user=user, version=version)
    copy_saved_state(locked, onto=contract)
    return locked
