"""Issuing and voiding invoices (issue #26). Admins only (``crm.add_invoice`` /
``crm.change_invoice``). Every transaction locks the order or the contract first — as the
payment services do — so an invoice and a payment of one parent never race, and the
unique constraint on (contract, period start) is the last word on double billing."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.formatting import format_money
from crm.models.contracts import Contract, ContractStatus
from crm.models.invoice_lines import InvoiceLine
from crm.models.invoices import Invoice, InvoiceStatus
from crm.models.money import ZERO
from crm.models.orders import Order, OrderLineItem, OrderStatus
from crm.models.payments import PaymentStatus
from crm.selectors.company import company_information
from crm.selectors.invoicing import order_invoicing, unlinked_period_payments
from crm.services.invoices.settle import settle_invoice
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, lock

ONLY_ADMINS = "Only admins can issue or void invoices."
CANCELLED_ORDER = "{number} is cancelled: it cannot be invoiced."
FULLY_INVOICED = "{number} is fully invoiced (or paid): there is nothing left to invoice."
AMOUNT_POSITIVE = "The amount to invoice must be greater than 0."
AMOUNT_TOO_HIGH = "{number} has only {left} left to invoice."
INVALID_AMOUNT = "'{amount}' is not an amount."
DRAFT_CONTRACT = "{number} is a draft: activate it before invoicing it."
NOT_A_PERIOD = "{day} is not the start of one of {number}'s billing periods."
PERIOD_INVOICED = "{invoice} already bills {number}'s period from {start}; void it first."
NOT_DRAFT = "{invoice} is already issued."
ALREADY_VOID = "{invoice} is already void."
VOID_WITH_PAYMENTS = (
    "{invoice} has completed payments. Void them (or log them against another invoice) first."
)
VOID_REASON_REQUIRED = "Say why {invoice} is voided: the reason is kept on the invoice."
VOID_REASON_MAX = 2000
VOID_REASON_TOO_LONG = f"Keep the void reason under {VOID_REASON_MAX} characters."
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    product_id: int | None = None


def require(user, permission: str, message: str = ONLY_ADMINS) -> None:
    """``user`` None is the system (the billing run, the reminders): always allowed."""
    if user is not None and not user.has_perm(f"crm.{permission}"):
        raise BusinessRuleError(message)


def due_date_for(issue_date: date) -> date:
    return issue_date + timedelta(days=company_information().payment_terms_days)


def lock_parent(invoice: Invoice):
    if invoice.order_id is not None:
        return lock(Order(pk=invoice.order_id))
    return lock(Contract(pk=invoice.contract_id))


def create_invoice(parent, lines: list[Line], *, user, issue_date: date, draft: bool, **fields):
    """The invoice and its line snapshot, issued unless ``draft``; the caller holds the
    parent's row lock. ``fields``: order or contract, the service period."""
    total = sum((line.unit_price * line.quantity for line in lines), ZERO).quantize(CENTS)
    invoice = Invoice(
        account_id=parent.account_id,
        issue_date=issue_date,
        due_date=due_date_for(issue_date),
        currency=parent.currency,
        total=Money(total, parent.currency),
        owner_id=parent.owner_id,
        **fields,
    )
    save_record(invoice, user=user)
    for line in lines:
        item = InvoiceLine(
            invoice=invoice,
            product_id=line.product_id,
            description=line.description[:255],
            quantity=line.quantity,
            unit_price=Money(line.unit_price, parent.currency),
        )
        item._history_user = user
        item.save()
    if not draft:
        invoice.issue()
        save_record(invoice, user=user, validate=False)
        settle_invoice(invoice, user=user)
    return invoice


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(getattr(value, "amount", value)))
    except (InvalidOperation, ValueError):
        raise BusinessRuleError(INVALID_AMOUNT.format(amount=value)) from None
    if not amount.is_finite():
        raise BusinessRuleError(INVALID_AMOUNT.format(amount=value))
    return amount.quantize(CENTS)


def _order_lines(order: Order) -> list[Line]:
    items = OrderLineItem.objects.filter(order=order).select_related("product").order_by("pk")
    return [
        Line(item.product.name, item.quantity, item.price_at_purchase.amount, item.product_id)
        for item in items
    ]


@transaction.atomic
def issue_order_invoice(
    order: Order, *, user, amount=None, issue_date: date | None = None, draft: bool = False
) -> Invoice:
    """An invoice for what is left to invoice of the order (its total less live invoices and
    payments that name none) — with the order's lines when nothing was invoiced or paid yet,
    else one "Balance due" line — or, with ``amount``, a part invoice of that amount (one
    "Part payment" line). Refused for a cancelled order and beyond what is left."""
    require(user, "add_invoice")
    locked = lock(order)
    if locked.status == OrderStatus.CANCELLED:
        raise BusinessRuleError(CANCELLED_ORDER.format(number=locked.number))
    figures = order_invoicing(locked)
    left = figures.not_invoiced
    if amount is None:
        if left <= 0:
            raise BusinessRuleError(FULLY_INVOICED.format(number=locked.number))
        if figures.untouched:
            lines = _order_lines(locked)
        else:
            lines = [Line(f"Balance due on {locked.number}", Decimal("1"), left)]
    else:
        value = _amount(amount)
        if value <= 0:
            raise BusinessRuleError(AMOUNT_POSITIVE)
        if value > left:
            message = AMOUNT_TOO_HIGH.format(
                number=locked.number, left=format_money(left, locked.currency)
            )
            raise BusinessRuleError(message)
        lines = [Line(f"Part payment of {locked.number}", Decimal("1"), value)]
    invoice = create_invoice(
        locked,
        lines,
        user=user,
        issue_date=issue_date or timezone.localdate(),
        draft=draft,
        order=locked,
    )
    copy_saved_state(locked, onto=order)
    return invoice


def contract_lines(contract: Contract) -> list[Line]:
    items = contract.line_items.select_related("product").order_by("pk")
    return [
        Line(
            item.description or item.product.name,
            item.quantity,
            item.price_per_cycle.amount,
            item.product_id,
        )
        for item in items
    ]


def issue_locked_period(
    locked: Contract, *, start: date, end: date, user, issue_date: date, draft: bool = False
) -> Invoice:
    """The period's invoice; the caller holds the contract's row lock and checked the
    period. Payments already logged for the period are linked to it and settle it."""
    existing = Invoice.objects.live().filter(contract=locked, service_period_start=start).first()
    if existing is not None:
        message = PERIOD_INVOICED.format(invoice=existing, number=locked.number, start=start)
        raise BusinessRuleError(message)
    invoice = create_invoice(
        locked,
        contract_lines(locked),
        user=user,
        issue_date=issue_date,
        draft=True,
        contract=locked,
        service_period_start=start,
        service_period_end=end,
    )
    for payment in unlinked_period_payments(locked.pk, start, end):
        payment.invoice = invoice
        save_record(payment, user=user, validate=False, update_fields=["invoice"])
    if not draft:
        invoice.issue()
        save_record(invoice, user=user, validate=False)
        settle_invoice(invoice, user=user)
    return invoice


@transaction.atomic
def issue_period_invoice(
    contract: Contract,
    *,
    period_start: date,
    user,
    issue_date: date | None = None,
    draft: bool = False,
) -> Invoice:
    """The invoice of one billing period of an activated (or expired or terminated, for a
    period it covered) contract: the cycle amount, the contract's lines, the service period;
    due ``payment_terms_days`` after the issue date. One live invoice per period."""
    require(user, "add_invoice")
    locked = lock(contract)
    if locked.status == ContractStatus.DRAFT:
        raise BusinessRuleError(DRAFT_CONTRACT.format(number=locked.number))
    periods = dict(locked.cycle_periods())
    if period_start not in periods:
        raise BusinessRuleError(NOT_A_PERIOD.format(day=period_start, number=locked.number))
    invoice = issue_locked_period(
        locked,
        start=period_start,
        end=periods[period_start],
        user=user,
        issue_date=issue_date or timezone.localdate(),
        draft=draft,
    )
    copy_saved_state(locked, onto=contract)
    return invoice


@transaction.atomic
def issue_invoice(invoice: Invoice, *, user, version: int | None = None) -> Invoice:
    """Issue a draft: its lines and total are final from now on."""
    require(user, "change_invoice")
    lock_parent(invoice)
    locked = lock(invoice)
    check_version(locked, version)
    if locked.status != InvoiceStatus.DRAFT:
        raise BusinessRuleError(NOT_DRAFT.format(invoice=locked))
    locked.issue()
    save_record(locked, user=user, validate=False)
    settle_invoice(locked, user=user)
    copy_saved_state(locked, onto=invoice)
    return locked


@transaction.atomic
def void_invoice(invoice: Invoice, *, user, reason: str, version: int | None = None) -> Invoice:
    """Void an invoice issued in error (terminal): it stays on record and is no longer owed;
    its period may be invoiced again. Refused while completed payments name it — the money
    would be left settling nothing."""
    require(user, "change_invoice")
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError(VOID_REASON_REQUIRED.format(invoice=invoice))
    if len(reason) > VOID_REASON_MAX:
        raise BusinessRuleError(VOID_REASON_TOO_LONG)
    lock_parent(invoice)
    locked = lock(invoice)
    check_version(locked, version)
    if locked.is_void:
        raise BusinessRuleError(ALREADY_VOID.format(invoice=locked))
    if locked.payments.filter(status=PaymentStatus.COMPLETED).exists():
        raise BusinessRuleError(VOID_WITH_PAYMENTS.format(invoice=locked))
    locked.void(reason=reason)
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=invoice)
    return locked
