"""Payment transactions (SPEC §6). Admins only. Each one locks the parent row first (the order
or the retainer contract), writes the payment, and — for an order — recalculates its status in
the same transaction, so ten people logging payments at once are applied one after the other
and the order's status is always right."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models.contracts import Contract, ContractStatus
from crm.models.invoices import Invoice
from crm.models.orders import Order, OrderStatus
from crm.models.payments import LIVE_STATES, Payment, PaymentMethod, PaymentStatus
from crm.selectors.contracts import overdue_periods
from crm.selectors.invoicing import live_period_invoice
from crm.services.invoices.settle import settle_invoices
from crm.services.orders import recalculate_order_status
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, lock

ONLY_ADMINS = "Only admins can log, edit or void payments."
NEEDS_PARENT = "Choose the order or the contract this payment is for."
ONE_PARENT = "A payment is for an order or for a contract, not both."
DRAFT_CONTRACT = "{number} is a draft: activate it before logging payments."
CANCELLED_ORDER = "{number} is cancelled: it takes no payments."
UNKNOWN_STATUS = "'{status}' is not a payment status (use Pending, Completed or Failed)."
UNKNOWN_METHOD = "'{method}' is not a payment method."
VOID_IS_TERMINAL = "{payment} is void: a void payment cannot be changed."
ALREADY_VOID = "{payment} is already void."
VOID_REASON_REQUIRED = (
    "Say why {payment} is voided: the reason is kept on the payment and in its history."
)
VOID_REASON_MAX = 2000
VOID_REASON_TOO_LONG = f"Keep the void reason under {VOID_REASON_MAX} characters."
USE_VOID = "Use Void Payment to void a payment."
NOT_EDITABLE = "These fields of a payment cannot be changed: {fields}."
INVALID_AMOUNT = "'{amount}' is not an amount."
CENTS = Decimal("0.01")
NOTHING_OVERDUE = "Nothing of this is overdue any more (already paid?): no payment was logged."
INVOICE_OTHER_PARENT = "{invoice} bills {number}, not {parent}."
INVOICE_VOID = "{invoice} is void: it takes no payments."

EDITABLE_FIELDS = frozenset(
    {
        "amount",
        "payment_date",
        "payment_method",
        "status",
        "transaction_id",
        "notes",
        "service_period_start",
        "service_period_end",
        "invoice",
    }
)


def _require(user, permission: str) -> None:
    if not user.has_perm(f"crm.{permission}"):
        raise BusinessRuleError(ONLY_ADMINS)


def _money(amount, currency: str) -> Money:
    """An amount in the parent's currency (a Money in another currency is left for clean())."""
    if isinstance(amount, Money):
        return amount
    try:
        return Money(Decimal(str(amount)), currency)
    except (InvalidOperation, ValueError):
        raise BusinessRuleError(INVALID_AMOUNT.format(amount=amount)) from None


def _check_choices(*, status: str | None = None, method: str | None = None) -> None:
    if status is not None and status not in LIVE_STATES:
        if status == PaymentStatus.VOID:
            raise BusinessRuleError(USE_VOID)
        raise BusinessRuleError(UNKNOWN_STATUS.format(status=status))
    if method is not None and method not in PaymentMethod.values:
        raise BusinessRuleError(UNKNOWN_METHOD.format(method=method))


def _lock_payable_order(order: Order) -> Order:
    locked = lock(order)
    if locked.status == OrderStatus.CANCELLED:
        raise BusinessRuleError(CANCELLED_ORDER.format(number=locked.number))
    return locked


def _lock_payable_contract(contract: Contract) -> Contract:
    """Activated, expired and terminated contracts take payments (late ones for past
    periods too); a draft does not."""
    locked = lock(contract)
    if locked.status == ContractStatus.DRAFT:
        raise BusinessRuleError(DRAFT_CONTRACT.format(number=locked.number))
    return locked


def _lock_parent(payment: Payment):
    """The payment's order or contract, locked — always before the payment: no deadlocks."""
    if payment.order_id is not None:
        return lock(Order(pk=payment.order_id))
    return lock(Contract(pk=payment.contract_id))


def _after_change(parent, *, user, invoice_ids=()) -> None:
    if isinstance(parent, Order):
        recalculate_order_status(parent, user=user)
    settle_invoices(invoice_ids, user=user)


def _invoice_for(parent, *, invoice: Invoice | None, period_start: date | None):
    """The invoice a payment settles: the one it names (of the same order or contract, not
    void), else — for a contract payment with a service period — that period's live invoice
    (None when it has none yet: issuing it later links the payment). Locked, after the
    parent (the lock order of every payment and invoice service)."""
    if invoice is None:
        if not isinstance(parent, Contract) or period_start is None:
            return None
        invoice = live_period_invoice(parent.pk, period_start)
        return lock(invoice) if invoice is not None else None
    locked = lock(invoice)
    parent_id = locked.order_id if isinstance(parent, Order) else locked.contract_id
    if parent_id != parent.pk:
        message = INVOICE_OTHER_PARENT.format(
            invoice=locked, number=locked.parent.number, parent=parent.number
        )
        raise BusinessRuleError(message)
    if locked.is_void:
        raise BusinessRuleError(INVOICE_VOID.format(invoice=locked))
    return locked


@transaction.atomic
def log_payment(
    *,
    user,
    amount,
    payment_date: date,
    payment_method: str,
    order: Order | None = None,
    contract=None,
    status: str = PaymentStatus.COMPLETED,
    service_period_start: date | None = None,
    service_period_end: date | None = None,
    transaction_id: str = "",
    notes: str = "",
    invoice: Invoice | None = None,
) -> Payment:
    """Record money received against ``order`` (and move the order to its paid state) or
    against a retainer ``contract`` (usually with its service period). Exactly one of the two.
    An overpayment is allowed (the order then shows a credit). The payment settles
    ``invoice`` (of the same order or contract) or, for a contract period, that period's
    invoice."""
    _require(user, "add_payment")
    if order is not None and contract is not None:
        raise BusinessRuleError(ONE_PARENT)
    if order is None and contract is None:
        raise BusinessRuleError(NEEDS_PARENT)
    _check_choices(status=status, method=payment_method)
    lock_parent = _lock_payable_order if order is not None else _lock_payable_contract
    locked = lock_parent(order if order is not None else contract)
    settles = _invoice_for(locked, invoice=invoice, period_start=service_period_start)
    payment = Payment(
        invoice=settles,
        order=locked if order is not None else None,
        contract=locked if contract is not None else None,
        amount=_money(amount, locked.currency),
        payment_date=payment_date,
        payment_method=payment_method,
        status=status,
        service_period_start=service_period_start,
        service_period_end=service_period_end,
        transaction_id=transaction_id or "",
        notes=notes or "",
        owner=user,
    )
    save_record(payment, user=user)
    _after_change(locked, user=user, invoice_ids=[payment.invoice_id])
    copy_saved_state(locked, onto=order if order is not None else contract)
    return payment


def _move_status(payment: Payment, status: str) -> None:
    moves = {
        PaymentStatus.PENDING: payment.mark_pending,
        PaymentStatus.COMPLETED: payment.mark_completed,
        PaymentStatus.FAILED: payment.mark_failed,
    }
    moves[status]()


@transaction.atomic
def update_payment(payment: Payment, *, user, version: int | None, **changes) -> Payment:
    """Edit a payment (amount, date, method, status, reference, notes, service period, the
    invoice it settles) and recalculate its order (if it is for one) and the invoices it
    settled and settles. A contract payment whose service period moves settles the new
    period's invoice unless ``invoice`` is given. ``version`` is the version the user saw."""
    _require(user, "change_payment")
    refused = sorted(set(changes) - EDITABLE_FIELDS)
    if refused:
        raise BusinessRuleError(NOT_EDITABLE.format(fields=", ".join(refused)))
    _check_choices(status=changes.get("status"), method=changes.get("payment_method"))
    parent = _lock_parent(payment)  # the parent first, always: no deadlocks
    locked = lock(payment)
    check_version(locked, version)
    if locked.is_void:
        raise BusinessRuleError(VOID_IS_TERMINAL.format(payment=locked))
    status = changes.pop("status", None)
    settled_before = locked.invoice_id
    if "invoice" in changes or "service_period_start" in changes:
        chosen = changes.pop("invoice", None)
        start = changes.get("service_period_start", locked.service_period_start)
        settles = _invoice_for(parent, invoice=chosen, period_start=start)
        locked.invoice = settles
    if "amount" in changes:
        changes["amount"] = _money(changes["amount"], parent.currency)
    for name, value in changes.items():
        text_field = name in ("transaction_id", "notes")
        setattr(locked, name, "" if value is None and text_field else value)
    if status is not None and status != locked.status:
        if isinstance(parent, Order) and parent.status == OrderStatus.CANCELLED:
            raise BusinessRuleError(CANCELLED_ORDER.format(number=parent.number))
        _move_status(locked, status)
    save_record(locked, user=user)
    _after_change(parent, user=user, invoice_ids=[settled_before, locked.invoice_id])
    copy_saved_state(locked, onto=payment)
    return locked


@transaction.atomic
def void_payment(payment: Payment, *, user, reason: str, version: int | None = None) -> Payment:
    """Void a payment (terminal): it stays on record, struck through, and no longer counts.
    ``reason`` (required) is kept on the payment and in its history."""
    _require(user, "change_payment")
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError(VOID_REASON_REQUIRED.format(payment=payment))
    if len(reason) > VOID_REASON_MAX:
        raise BusinessRuleError(VOID_REASON_TOO_LONG)
    parent = _lock_parent(payment)
    locked = lock(payment)
    check_version(locked, version)
    if locked.is_void:
        raise BusinessRuleError(ALREADY_VOID.format(payment=locked))
    locked.void(reason=reason)
    save_record(locked, user=user, validate=False)
    _after_change(parent, user=user, invoice_ids=[locked.invoice_id])
    copy_saved_state(locked, onto=payment)
    return locked


@transaction.atomic
def log_overdue_payments(
    contracts,
    *,
    user,
    periods=None,
    as_of: date | None = None,
    payment_method: str = PaymentMethod.BANK_TRANSFER,
) -> list[Payment]:
    """One completed payment per overdue service period of ``contracts`` (its outstanding
    amount, dated ``as_of``), all in one transaction: each contract row is locked (in pk
    order: no deadlocks) and its overdue periods are re-read under the lock, so a double
    submit or two users at once record each period once. ``periods`` — the (contract pk,
    period start) pairs the user confirmed — limits it to those; nothing left → refused."""
    _require(user, "add_payment")
    _check_choices(method=payment_method)
    today = as_of or timezone.localdate()
    chosen = None if periods is None else set(periods)
    payments = []
    for contract in sorted(contracts, key=lambda c: c.pk):
        locked = _lock_payable_contract(contract)
        for period in overdue_periods(locked, today=today):
            if chosen is not None and (locked.pk, period.start) not in chosen:
                continue
            payment = log_payment(
                user=user,
                contract=locked,
                amount=period.outstanding.quantize(CENTS),
                payment_date=today,
                payment_method=payment_method,
                service_period_start=period.start,
                service_period_end=period.end,
            )
            payments.append(payment)
    if not payments:
        raise BusinessRuleError(NOTHING_OVERDUE)
    return payments
