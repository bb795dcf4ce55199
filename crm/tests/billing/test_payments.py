"""log_payment / update_payment / void_payment: admins only, database constraints, void is
terminal, and the contract parameter reserved for retainers."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from djmoney.money import Money

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Order, Payment, PaymentStatus
from crm.services.payments import (
    ONE_PARENT,
    ONLY_ADMINS,
    USE_VOID,
    log_payment,
    update_payment,
    void_payment,
)
from crm.tests.billing.conftest import YESTERDAY, pay

pytestmark = pytest.mark.django_db


def test_a_payment_records_everything_it_is_given(order, crm_admin):
    payment = pay(
        order,
        crm_admin,
        "2500.00",
        payment_method="stripe",
        transaction_id="ch_123",
        notes="Deposit",
        service_period_start=datetime.date(2026, 7, 1),
        service_period_end=datetime.date(2026, 7, 31),
    )
    payment.refresh_from_db()
    assert payment.amount == Money("2500.00", "USD")
    assert (payment.payment_method, payment.status, payment.transaction_id) == (
        "stripe",
        PaymentStatus.COMPLETED,
        "ch_123",
    )
    assert payment.history.first().history_user == crm_admin
    assert str(payment) == f"PAY-{payment.pk:06d}"


def test_sales_users_cannot_log_edit_or_void(order, crm_admin, sales_user):
    with pytest.raises(BusinessRuleError) as refused:
        pay(order, sales_user, "10.00")
    assert refused.value.messages == [ONLY_ADMINS]
    payment = pay(order, crm_admin, "10.00")
    with pytest.raises(BusinessRuleError):
        update_payment(payment, user=sales_user, version=payment.version, notes="x")
    with pytest.raises(BusinessRuleError):
        void_payment(payment, user=sales_user, reason="Entered in error")
    assert Payment.objects.get().status == PaymentStatus.COMPLETED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "0"}, "greater than 0"),
        ({"amount": "-5"}, "greater than 0"),
        ({"service_period_start": YESTERDAY}, "both the start and the end"),
        (
            {"service_period_start": YESTERDAY, "service_period_end": YESTERDAY.replace(day=1)},
            "cannot end before it starts",
        ),
        ({"status": "void"}, USE_VOID),
        ({"payment_method": "barter"}, "not a payment method"),
        ({"amount": Money("10.00", "EUR")}, "must be in USD"),
    ],
)
def test_bad_payments_are_refused_with_a_message(order, crm_admin, changes, message):
    if changes.get("service_period_end") and changes["service_period_end"] >= YESTERDAY:
        pytest.skip("yesterday is the first of the month")
    arguments = {"amount": "10.00", **changes}
    with pytest.raises(BusinessRuleError, match=message):
        pay(order, crm_admin, **arguments)
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"amount": Decimal("0")},
        {"service_period_start": YESTERDAY},
        {
            "service_period_start": YESTERDAY,
            "service_period_end": YESTERDAY - datetime.timedelta(1),
        },
        {"order": None},
    ],
)
def test_the_database_refuses_what_the_services_refuse(order, crm_admin, values):
    fields = {
        "order": order,
        "amount": Decimal("10"),
        "payment_method": "cash",
        "owner": crm_admin,
        **values,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.bulk_create([Payment(**fields)])


def test_void_is_terminal(order, crm_admin):
    payment = pay(order, crm_admin, "10.00")
    void_payment(payment, user=crm_admin, reason="Entered in error")
    with pytest.raises(BusinessRuleError, match="already void"):
        void_payment(payment, user=crm_admin, reason="Entered in error")
    with pytest.raises(BusinessRuleError, match="cannot be changed"):
        update_payment(payment, user=crm_admin, version=payment.version, status="completed")
    assert Payment.objects.get().status == PaymentStatus.VOID


def test_update_refuses_a_stale_version_and_foreign_fields(order, crm_admin):
    payment = pay(order, crm_admin, "10.00")
    with pytest.raises(ConcurrencyError):
        update_payment(payment, user=crm_admin, version=payment.version + 1, notes="late")
    with pytest.raises(BusinessRuleError, match="order"):
        update_payment(payment, user=crm_admin, version=payment.version, order=None)
    assert Payment.objects.get().notes == ""


def test_a_payment_needs_exactly_one_of_order_and_contract(crm_admin, order):
    base = {"user": crm_admin, "amount": "10", "payment_date": YESTERDAY, "payment_method": "cash"}
    with pytest.raises(BusinessRuleError) as refused:
        log_payment(**base, order=order, contract=object())
    assert refused.value.messages == [ONE_PARENT]
    with pytest.raises(BusinessRuleError, match="Choose the order or the contract"):
        log_payment(**base)
    assert not Payment.objects.exists()
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"
