"""Invoices in the SPEC §10 benchmark (issue #26): the seed step and the billing-run rows.

``seed_invoices`` (after the retainers step): one invoice per contract period that has
started (its payments linked to it, its status from them), then one per open order for its
total (the order's payments linked), up to ~50,000 invoices — bulk inserts, no history.

``billing_run_pages``: the daily billing run over the 3,000 contracts — a dry run, the
everyday run that finds every period already invoiced, and the heavy day when every
contract's next period falls due (run in a transaction that is rolled back, so the data
stays as seeded)."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from djmoney.money import Money

from crm.models import Contract, Invoice, InvoiceLine, Order, OrderStatus, Payment
from crm.models.contracts import ContractStatus, add_months
from crm.models.invoices import InvoiceStatus
from crm.selectors.invoicing import billing_window
from crm.services.invoices import run_billing

SIZES = {"invoices": 50_000}
BATCH = 2000
TERMS = datetime.timedelta(days=14)
ORDER_STATUS = {
    OrderStatus.AWAITING_PAYMENT: InvoiceStatus.ISSUED,
    OrderStatus.PARTIALLY_PAID: InvoiceStatus.PARTIALLY_PAID,
    OrderStatus.PAID_IN_FULL: InvoiceStatus.PAID,
    OrderStatus.FULFILLED: InvoiceStatus.PAID,
}


def _status(total: Decimal, paid: Decimal) -> str:
    if paid >= total:
        return InvoiceStatus.PAID
    return InvoiceStatus.PARTIALLY_PAID if paid > 0 else InvoiceStatus.ISSUED


def _invoice(parent, total: Decimal, status: str, issued: datetime.date, **fields) -> Invoice:
    invoice = Invoice(
        account_id=parent.account_id,
        owner_id=parent.owner_id,
        issue_date=issued,
        due_date=issued + TERMS,
        currency=parent.currency,
        total=Money(total, parent.currency),
        **fields,
    )
    invoice.__dict__["status"] = status  # FSM field: bulk seeding bypasses it
    return invoice


def _period_invoices(wanted: int) -> list[Invoice]:
    """Every period the daily billing run has issued by today (start ≤ today + lead days)."""
    horizon = billing_window(timezone.localdate())[1]
    contracts = Contract.objects.with_cycle_amount().filter(status=ContractStatus.ACTIVATED)
    sums = (
        Payment.objects.completed()
        .filter(contract__isnull=False)
        .order_by()
        .values_list("contract_id", "service_period_start")
        .annotate(total=Sum("amount"))
    )
    paid = {(contract_id, start): total for contract_id, start, total in sums.iterator()}
    rows = []
    for contract in contracts.order_by("pk").iterator():
        for start, end in contract.cycle_periods():
            if start > horizon or len(rows) == wanted:
                break
            total = contract.cycle_amount
            status = _status(total, paid.get((contract.pk, start), Decimal(0)))
            issued = max(start - datetime.timedelta(days=7), contract.start_date.replace(day=1))
            rows.append(
                _invoice(
                    contract,
                    total,
                    status,
                    issued,
                    contract=contract,
                    service_period_start=start,
                    service_period_end=end,
                )
            )
    return rows


def _order_invoices(wanted: int) -> list[Invoice]:
    orders = Order.objects.with_totals().exclude(status=OrderStatus.CANCELLED).filter(total__gt=0)
    return [
        _invoice(order, order.total, ORDER_STATUS[order.status], order.order_date, order=order)
        for order in orders.order_by("pk")[:wanted]
    ]


def _bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def seed_invoices(seed) -> int:
    """Invoices, one line each, and the payments linked to the invoice they settle."""
    wanted = max(1, round(SIZES["invoices"] * seed.scale))
    invoices = _bulk(Invoice, _period_invoices(wanted))
    invoices += _bulk(Invoice, _order_invoices(wanted - len(invoices)))
    lines = (
        InvoiceLine(
            invoice=invoice,
            description=f"Services of {invoice.service_period_start or invoice.issue_date}",
            quantity=Decimal("1"),
            unit_price=invoice.total,
        )
        for invoice in invoices
    )
    _bulk(InvoiceLine, list(lines))
    if connection.vendor == "postgresql":
        # The invoices were made in this transaction, which autovacuum cannot see: without
        # statistics the planner takes 50,000 invoices for none and scans them once per
        # payment below (the seed spent over 10 minutes here; with them, seconds).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Invoice._meta.db_table}")
    by_period = Invoice.objects.filter(
        contract=OuterRef("contract"), service_period_start=OuterRef("service_period_start")
    ).values("pk")[:1]
    Payment.objects.filter(contract__isnull=False).update(invoice=Subquery(by_period))
    by_order = Invoice.objects.filter(order=OuterRef("order")).values("pk")[:1]
    Payment.objects.filter(order__isnull=False).update(invoice=Subquery(by_order))
    return len(invoices)


class RunResult(SimpleNamespace):
    """What the benchmark reads of a response: a status and a size."""

    status_code = 200


def _timed_run(*, as_of: Callable[[], datetime.date], dry_run: bool, roll_back: bool):
    def call(client, prepared):
        with transaction.atomic():
            result = run_billing(as_of=as_of(), dry_run=dry_run)
            transaction.set_rollback(roll_back)
        count = len(result.planned if dry_run else result.issued)
        return RunResult(content=f"{count} invoices".encode())

    return call


def next_period_day() -> datetime.date:
    """A week before next month starts: every monthly contract's next period is due."""
    return add_months(timezone.localdate().replace(day=1), 1) - datetime.timedelta(days=7)


def billing_run_pages(targets) -> list[dict]:
    """The rows as ``crm.benchmark.pages.Page`` keyword arguments (like ``api_pages``)."""
    return [
        {
            "label": "billing run, dry run (3k contracts)",
            "call": _timed_run(as_of=timezone.localdate, dry_run=True, roll_back=True),
        },
        {
            "label": "billing run, nothing due (daily repeat)",
            "call": _timed_run(as_of=timezone.localdate, dry_run=False, roll_back=True),
        },
        {
            # Issues ~2,700 invoices per call: timed a few times only.
            "label": "billing run, a month's invoices (rolled back)",
            "call": _timed_run(as_of=next_period_day, dry_run=False, roll_back=True),
            "runs": 3,
        },
    ]
