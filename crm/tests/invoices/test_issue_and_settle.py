"""Issuing invoices by hand (order balance and part invoices, contract periods), voiding, and
the paid states following the payments."""

from decimal import Decimal

import pytest

from crm.errors import BusinessRuleError
from crm.models import Invoice, InvoiceStatus, Order, OrderStatus, Payment
from crm.services.invoices import (
    issue_invoice,
    issue_order_invoice,
    issue_period_invoice,
    void_invoice,
)
from crm.services.orders import cancel_order
from crm.services.payments import log_payment, update_payment, void_payment
from crm.tests.factories import ContractFactory
from crm.tests.invoices.conftest import day

pytestmark = pytest.mark.django_db


def pay_order(order, user, amount, **kwargs):
    return log_payment(
        user=user,
        order=order,
        amount=amount,
        payment_date=day("2027-01-20"),
        payment_method="bank_transfer",
        **kwargs,
    )


def amounts(invoice):
    row = Invoice.objects.with_amounts().get(pk=invoice.pk)
    return row.status, row.amount_paid, row.balance_due


def test_an_untouched_order_is_invoiced_with_its_lines(order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, issue_date=day("2027-01-10"))
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.account_id == order.account_id and invoice.owner_id == order.owner_id
    assert invoice.total.amount == Decimal("5000.00")
    assert invoice.due_date == day("2027-01-24")
    line = invoice.lines.get()
    assert (line.product_id, line.unit_price.amount) == (
        order.line_items.get().product_id,
        Decimal("5000.00"),
    )
    with pytest.raises(BusinessRuleError, match="fully invoiced"):
        issue_order_invoice(order, user=crm_admin)


def test_part_invoices_then_the_balance(order, crm_admin):
    part = issue_order_invoice(order, user=crm_admin, amount="2000.00")
    with pytest.raises(BusinessRuleError, match=r"only \$3,000.00 left to invoice"):
        issue_order_invoice(order, user=crm_admin, amount="3000.01")
    for bad in ("0", "-5", "abc", "NaN"):
        with pytest.raises(BusinessRuleError):
            issue_order_invoice(order, user=crm_admin, amount=bad)
    pay_order(order, crm_admin, "500.00")  # names no invoice: no longer to be invoiced
    rest = issue_order_invoice(order, user=crm_admin)
    assert (rest.total.amount, rest.lines.get().description) == (
        Decimal("2500.00"),
        f"Balance due on {order.number}",
    )
    assert part.total.amount == Decimal("2000.00")


def test_order_invoice_payments_partial_full_and_void(order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="2000.00")
    first = pay_order(order, crm_admin, "500.00", invoice=invoice)
    assert amounts(invoice) == (InvoiceStatus.PARTIALLY_PAID, Decimal("500.00"), Decimal("1500"))
    second = pay_order(order, crm_admin, "1500.00", invoice=invoice)
    assert amounts(invoice)[0] == InvoiceStatus.PAID
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PARTIALLY_PAID
    void_payment(second, user=crm_admin, reason="Entered twice")
    assert amounts(invoice)[0] == InvoiceStatus.PARTIALLY_PAID
    update_payment(first, user=crm_admin, version=first.version, status="pending")
    assert amounts(invoice) == (InvoiceStatus.ISSUED, Decimal("0"), Decimal("2000.00"))


def test_a_payment_can_move_to_another_invoice(order, crm_admin):
    one = issue_order_invoice(order, user=crm_admin, amount="1000.00")
    two = issue_order_invoice(order, user=crm_admin, amount="1000.00")
    payment = pay_order(order, crm_admin, "1000.00", invoice=one)
    update_payment(payment, user=crm_admin, version=payment.version, invoice=two)
    assert amounts(one)[0] == InvoiceStatus.ISSUED
    assert amounts(two)[0] == InvoiceStatus.PAID


def test_a_payment_names_only_an_invoice_of_its_own_parent(order, monthly, crm_admin):
    period = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match=f"{period.number} bills {monthly.number}"):
        pay_order(order, crm_admin, "10.00", invoice=period)
    assert not Payment.objects.filter(order=order).exists()


def test_contract_payments_settle_their_period(monthly, crm_admin):
    jan = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    feb = issue_period_invoice(monthly, period_start=day("2027-02-01"), user=crm_admin)
    log_payment(
        user=crm_admin,
        contract=monthly,
        amount="400.00",
        payment_date=day("2027-02-03"),
        payment_method="cash",
        service_period_start=day("2027-02-01"),
        service_period_end=day("2027-02-28"),
    )
    assert amounts(feb) == (InvoiceStatus.PARTIALLY_PAID, Decimal("400.00"), Decimal("600.00"))
    assert amounts(jan)[0] == InvoiceStatus.ISSUED
    payment = Payment.objects.get(contract=monthly)
    update_payment(
        payment,
        user=crm_admin,
        version=payment.version,
        amount="1000.00",
        service_period_start=day("2027-01-01"),
        service_period_end=day("2027-01-31"),
    )
    assert (amounts(jan)[0], amounts(feb)[0]) == (InvoiceStatus.PAID, InvoiceStatus.ISSUED)


def test_period_invoice_refusals(sales_user, crm_admin, monthly):
    draft = ContractFactory(owner=sales_user, start_date=day("2027-01-01"), status="draft")
    with pytest.raises(BusinessRuleError, match="is a draft"):
        issue_period_invoice(draft, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match="is not the start of one of"):
        issue_period_invoice(monthly, period_start=day("2027-01-15"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match="is not the start of one of"):
        issue_period_invoice(monthly, period_start=day("2028-01-01"), user=crm_admin)
    first = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match=f"{first.number} already bills"):
        issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match="Only admins"):
        issue_period_invoice(monthly, period_start=day("2027-02-01"), user=sales_user)


def test_cancelled_orders_are_not_invoiced(order, crm_admin, sales_user):
    cancel_order(order, user=crm_admin, version=order.version)
    with pytest.raises(BusinessRuleError, match="is cancelled"):
        issue_order_invoice(order, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="Only admins"):
        issue_order_invoice(order, user=sales_user)


def test_void_needs_a_reason_and_no_completed_payments(monthly, crm_admin, sales_user):
    invoice = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    with pytest.raises(BusinessRuleError, match="Say why"):
        void_invoice(invoice, user=crm_admin, reason="  ")
    with pytest.raises(BusinessRuleError, match="Only admins"):
        void_invoice(invoice, user=sales_user, reason="Wrong")
    payment = log_payment(
        user=crm_admin,
        contract=monthly,
        amount="100.00",
        payment_date=day("2027-01-05"),
        payment_method="cash",
        invoice=invoice,
    )
    with pytest.raises(BusinessRuleError, match="has completed payments"):
        void_invoice(invoice, user=crm_admin, reason="Wrong amount")
    void_payment(payment, user=crm_admin, reason="Wrong invoice")
    voided = void_invoice(invoice, user=crm_admin, reason="Wrong amount")
    assert (voided.status, voided.void_reason) == (InvoiceStatus.VOID, "Wrong amount")
    with pytest.raises(BusinessRuleError, match="already void"):
        void_invoice(invoice, user=crm_admin, reason="Again")
    with pytest.raises(BusinessRuleError, match="is void: it takes no payments"):
        log_payment(
            user=crm_admin,
            contract=monthly,
            amount="100.00",
            payment_date=day("2027-01-05"),
            payment_method="cash",
            invoice=invoice,
        )
    # Its period may be invoiced again.
    again = issue_period_invoice(monthly, period_start=day("2027-01-01"), user=crm_admin)
    assert again.pk != invoice.pk and again.status == InvoiceStatus.ISSUED


def test_a_draft_is_editable_until_issued(order, crm_admin):
    draft = issue_order_invoice(order, user=crm_admin, draft=True)
    line = draft.lines.get()
    line.description = "Website build, phase 1"
    line.save()  # a draft's lines may still change
    issued = issue_invoice(draft, user=crm_admin, version=draft.version)
    assert issued.status == InvoiceStatus.ISSUED
    line.description = "Changed after issue"
    with pytest.raises(BusinessRuleError, match="snapshot"):
        line.save()
    with pytest.raises(BusinessRuleError, match="snapshot"):
        line.delete()
    with pytest.raises(BusinessRuleError, match="already issued"):
        issue_invoice(draft, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="never deleted"):
        issued.delete()
