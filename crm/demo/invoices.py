"""Demo invoices and the emails behind them, made through the services: every retainer
contract's last three started periods are invoiced (payments already logged settle them, so
most are Paid and the overdue contracts' months are overdue invoices), the newest invoices are
emailed to the accounts' billing contacts, overdue ones get their reminder, and two open orders
get an invoice (the second a part invoice for half of its balance). Idempotent: once any
invoice exists nothing is added."""

import datetime
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from crm.models import Account, Contact, Contract, Invoice, Order
from crm.models.contracts import BILLED_STATES
from crm.models.invoices import InvoiceStatus
from crm.models.orders import OrderStatus
from crm.services.invoices import (
    issue_order_invoice,
    issue_period_invoice,
    send_due_reminders,
    send_invoice,
)
from crm.services.records import save_record

PERIODS_PER_CONTRACT = 3
LEAD_DAYS = 7


def _billing_contacts(accounts, *, admin) -> None:
    first_contacts = (
        Contact.objects.filter(account__in=accounts, is_active=True)
        .exclude(email="")
        .values("account")
        .annotate(first=Min("pk"))
    )
    chosen = {row["account"]: row["first"] for row in first_contacts}
    for account in Account.objects.filter(pk__in=chosen, billing_contact__isnull=True):
        account.billing_contact_id = chosen[account.pk]
        save_record(account, user=admin, validate=False)


def _contract_invoices(contract, *, admin, today) -> list[Invoice]:
    started = [(start, end) for start, end in contract.cycle_periods() if start <= today]
    invoices = []
    for start, _end in started[-PERIODS_PER_CONTRACT:]:
        issued = max(start - datetime.timedelta(days=LEAD_DAYS), contract.start_date)
        invoices.append(
            issue_period_invoice(contract, period_start=start, user=admin, issue_date=issued)
        )
    return invoices


def seed(*, admin, sales, scale: int) -> None:
    if Invoice.objects.exists():
        return
    today = timezone.localdate()
    contracts = list(Contract.objects.filter(status__in=BILLED_STATES).order_by("pk"))
    _billing_contacts({c.account_id for c in contracts}, admin=admin)
    billed = set(Account.objects.filter(billing_contact__isnull=False).values_list("pk", flat=True))
    for contract in contracts:
        invoices = _contract_invoices(contract, admin=admin, today=today)
        if invoices and contract.account_id in billed:
            send_invoice(invoices[-1], user=admin)
    open_orders = [OrderStatus.AWAITING_PAYMENT, OrderStatus.PARTIALLY_PAID]
    orders = Order.objects.with_totals().filter(status__in=open_orders)
    for index, order in enumerate(orders.order_by("pk")[:2]):
        # The first is invoiced in full and sent; the second gets a part invoice for half.
        half = (order.balance_due / 2).quantize(Decimal("0.01"))
        invoice = issue_order_invoice(order, user=admin, amount=half if index else None)
        if not index and order.account_id in billed:
            send_invoice(invoice, user=admin)
    overdue = Invoice.objects.filter(
        status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID], due_date__lt=today
    )
    if overdue.exists():
        send_due_reminders(as_of=today)
