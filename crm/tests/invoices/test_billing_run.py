"""The billing run over four months of the hand-computed fixture (conftest), its rule
(lead days, catch-up, no flood of past periods), idempotence and the command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crm.models import Invoice, InvoiceStatus
from crm.services.invoices import issue_order_invoice, run_billing
from crm.services.payments import log_payment, void_payment
from crm.tests.factories import ContractFactory
from crm.tests.invoices.conftest import day, terminate_on

pytestmark = pytest.mark.django_db


def billed(result):
    """(contract, period start, total, issue date, due date) of each invoice issued."""
    return [
        (
            invoice.contract_id,
            invoice.service_period_start,
            invoice.total.amount,
            invoice.issue_date,
            invoice.due_date,
        )
        for invoice in result.issued
    ]


def table():
    """Every invoice as (contract or order, period start, end, total, due, status), in
    number order."""
    rows = Invoice.objects.with_amounts().order_by("pk")
    return [
        (
            row.contract_id or row.order_id,
            row.service_period_start,
            row.service_period_end,
            row.total.amount,
            row.due_date,
            row.status,
        )
        for row in rows
    ]


def pay(bill, user, amount, when, **kwargs):
    parent = {"contract": bill.contract} if bill.contract_id else {"order": bill.order}
    return log_payment(
        user=user,
        amount=amount,
        payment_date=when,
        payment_method="bank_transfer",
        **parent,
        **kwargs,
    )


def test_four_months_of_billing(monthly, quarterly, cancelled, order, crm_admin, monkeypatch):
    m, q, c = monthly.pk, quarterly.pk, cancelled.pk
    d = Decimal

    # 26 Dec: window 26 Dec – 2 Jan. Every first period starts 1 Jan (quarterly: calendar-
    # aligned from its start month). Issued 26 Dec, due 14 days later.
    first = run_billing(as_of=day("2026-12-26"))
    assert billed(first) == [
        (m, day("2027-01-01"), d("1000.00"), day("2026-12-26"), day("2027-01-09")),
        (q, day("2027-01-01"), d("3000.00"), day("2026-12-26"), day("2027-01-09")),
        (c, day("2027-01-01"), d("500.00"), day("2026-12-26"), day("2027-01-09")),
    ]
    assert all(invoice.status == InvoiceStatus.ISSUED for invoice in first.issued)
    assert run_billing(as_of=day("2026-12-27")).issued == []  # nothing new the next day

    # 10 Jan: a part invoice of 2 000.00 of the order, due 24 Jan.
    part = issue_order_invoice(
        order, user=crm_admin, amount="2000.00", issue_date=day("2027-01-10")
    )
    assert [(line.description, line.total.amount) for line in part.lines.all()] == [
        (f"Part payment of {order.number}", d("2000.00"))
    ]

    # Payments: the monthly January in full, a third of the quarter, the part invoice.
    jan_m, q1, jan_c = first.issued
    pay(jan_m, crm_admin, "1000.00", day("2027-01-05"), invoice=jan_m)
    q1_payment = pay(
        q1,
        crm_admin,
        "1000.00",
        day("2027-01-08"),
        service_period_start=day("2027-01-01"),
        service_period_end=day("2027-03-31"),
    )
    pay(part, crm_admin, "2000.00", day("2027-01-20"), invoice=part)

    # 25 Jan: window 25 Jan – 1 Feb: February of both monthly contracts.
    assert billed(run_billing(as_of=day("2027-01-25"))) == [
        (m, day("2027-02-01"), d("1000.00"), day("2027-01-25"), day("2027-02-08")),
        (c, day("2027-02-01"), d("500.00"), day("2027-01-25"), day("2027-02-08")),
    ]

    # 10 Feb: the 500.00 contract is terminated; it bills nothing more.
    terminate_on(cancelled, day("2027-02-10"), user=cancelled.owner, monkeypatch=monkeypatch)

    # 25 Feb: March of the monthly contract only.
    assert billed(run_billing(as_of=day("2027-02-25"))) == [
        (m, day("2027-03-01"), d("1000.00"), day("2027-02-25"), day("2027-03-11")),
    ]
    # 25 Mar: April, and the quarterly contract's second quarter (starts 1 Apr).
    assert billed(run_billing(as_of=day("2027-03-25"))) == [
        (m, day("2027-04-01"), d("1000.00"), day("2027-03-25"), day("2027-04-08")),
        (q, day("2027-04-01"), d("3000.00"), day("2027-03-25"), day("2027-04-08")),
    ]
    # The Q1 payment turns out to have bounced: voided, Q1 is owed in full again.
    void_payment(q1_payment, user=crm_admin, reason="Bounced")

    assert table() == [
        (m, day("2027-01-01"), day("2027-01-31"), d("1000.00"), day("2027-01-09"), "paid"),
        (q, day("2027-01-01"), day("2027-03-31"), d("3000.00"), day("2027-01-09"), "issued"),
        (c, day("2027-01-01"), day("2027-01-31"), d("500.00"), day("2027-01-09"), "issued"),
        (order.pk, None, None, d("2000.00"), day("2027-01-24"), "paid"),
        (m, day("2027-02-01"), day("2027-02-28"), d("1000.00"), day("2027-02-08"), "issued"),
        (c, day("2027-02-01"), day("2027-02-28"), d("500.00"), day("2027-02-08"), "issued"),
        (m, day("2027-03-01"), day("2027-03-31"), d("1000.00"), day("2027-03-11"), "issued"),
        (m, day("2027-04-01"), day("2027-04-30"), d("1000.00"), day("2027-04-08"), "issued"),
        (q, day("2027-04-01"), day("2027-06-30"), d("3000.00"), day("2027-04-08"), "issued"),
    ]
    assert [row.order_id for row in Invoice.objects.filter(order=order)] == [order.pk]
    assert jan_c.lines.get().description == cancelled.line_items.get().product.name
    assert list(q1.lines.values_list("unit_price", flat=True)) == [d("1500.00"), d("1500.00")]


def test_a_missed_day_is_caught_up_and_old_periods_are_not_flooded(sales_user):
    old = ContractFactory(owner=sales_user, start_date=day("2026-06-01"), price="800.00")
    # The first run ever, on 5 Mar: March has started and not ended, April is not due yet;
    # June 2026 – February 2027 have ended: an admin issues those by hand if wanted.
    result = run_billing(as_of=day("2027-03-05"))
    assert [(i.contract_id, i.service_period_start) for i in result.issued] == [
        (old.pk, day("2027-03-01"))
    ]
    # 25 Mar runs nothing (the server was down); 26 Mar catches April up.
    assert [i.service_period_start for i in run_billing(as_of=day("2027-03-26")).issued] == [
        day("2027-04-01")
    ]


def test_lead_days_come_from_the_settings(sales_user, settings):
    contract = ContractFactory(owner=sales_user, start_date=day("2027-05-01"))
    settings.CRM_INVOICE_LEAD_DAYS = 3
    assert run_billing(as_of=day("2027-04-27")).issued == []  # 1 May is 4 days away
    assert len(run_billing(as_of=day("2027-04-28")).issued) == 1
    assert Invoice.objects.get().contract_id == contract.pk


def test_drafts_expired_and_terminated_contracts_are_not_billed(sales_user, monkeypatch):
    ContractFactory(owner=sales_user, start_date=day("2027-01-01"), status="draft")
    ended = ContractFactory(owner=sales_user, start_date=day("2027-01-01"))
    terminate_on(ended, day("2026-12-20"), user=sales_user, monkeypatch=monkeypatch)
    assert run_billing(as_of=day("2026-12-28")).planned == []


def test_dry_run_lists_and_issues_nothing(monthly, quarterly):
    result = run_billing(as_of=day("2026-12-26"), dry_run=True)
    assert [(p.contract.pk, p.start, p.contract.cycle_amount) for p in result.planned] == [
        (monthly.pk, day("2027-01-01"), Decimal("1000.00")),
        (quarterly.pk, day("2027-01-01"), Decimal("3000.00")),
    ]
    assert result.issued == [] and not Invoice.objects.exists()


def test_a_payment_logged_before_the_invoice_settles_it_when_issued(monthly, crm_admin):
    log_payment(
        user=crm_admin,
        contract=monthly,
        amount="1000.00",
        payment_date=day("2026-12-20"),
        payment_method="bank_transfer",
        service_period_start=day("2027-01-01"),
        service_period_end=day("2027-01-31"),
    )
    (invoice,) = run_billing(as_of=day("2026-12-26")).issued
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.payments.count() == 1


def test_the_command_prints_what_it_issued(monthly):
    out = StringIO()
    call_command("run_billing", "--as-of", "2026-12-26", "--dry-run", stdout=out)
    assert f"Would issue: {monthly.number}" in out.getvalue()
    assert not Invoice.objects.exists()
    call_command("run_billing", "--as-of", "2026-12-26", stdout=out)
    invoice = Invoice.objects.get()
    assert f"Issued {invoice.number}: {monthly.number} 2027-01-01–2027-01-31" in out.getvalue()
    out = StringIO()
    call_command("run_billing", "--as-of", "2026-12-26", stdout=out)
    assert "No invoice was due." in out.getvalue()
    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("run_billing", "--as-of", "26/12/2026")


def test_the_worker_task_bills_today(sales_user):
    from django.utils import timezone

    from crm.tasks.billing import run_billing_task

    contract = ContractFactory(owner=sales_user, start_date=timezone.localdate().replace(day=1))
    issued = run_billing_task.delay().get()
    assert list(Invoice.objects.filter(contract=contract).values_list("pk", flat=True)) == issued
    assert len(issued) >= 1
