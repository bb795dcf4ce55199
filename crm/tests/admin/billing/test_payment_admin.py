"""Log Payment, edit and void through the admin: exact toasts and questions, admins only, bad
input as form errors, the order's status following every change, void rows struck through."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from crm.models import Order, OrderStatus, Payment, PaymentStatus
from crm.services.orders import cancel_order
from crm.tests.billing.conftest import YESTERDAY, pay
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db

VOID_QUESTION = (
    "Are you sure you want to void this payment? This will adjust the balance due on the "
    "parent order."
)


def log_url(order):
    return reverse("admin:crm_order_log_payment_detail", args=[order.pk])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(**overrides):
    data = {
        "amount": "2500.00",
        "payment_date": YESTERDAY.isoformat(),
        "payment_method": "bank_transfer",
        "status": "completed",
        "transaction_id": "TX-1",
        "notes": "",
    }
    return {**data, **overrides}


def status(order):
    return Order.objects.values_list("status", flat=True).get(pk=order.pk)


def test_the_form_shows_the_order_and_defaults_to_the_balance(crm_admin_client, order):
    html = crm_admin_client.get(log_url(order)).content.decode()
    assert order.number in html
    assert 'name="amount" value="5000.00"' in html
    assert "Is this for a retainer service period?" in html
    assert "data-service-period" in html
    assert "crm/payment_form.js" in html


def test_logging_half_then_the_rest(crm_admin_client, order):
    response = crm_admin_client.post(
        log_url(order), with_once(crm_admin_client, log_url(order), form_data())
    )
    assert response.status_code == 302
    assert "Payment of $2,500.00 was logged successfully." in toasts(response)
    assert status(order) == OrderStatus.PARTIALLY_PAID
    crm_admin_client.post(
        log_url(order), with_once(crm_admin_client, log_url(order), form_data(amount="2500.00"))
    )
    assert status(order) == OrderStatus.PAID_IN_FULL
    payment = Payment.objects.first()
    assert (payment.transaction_id, payment.service_period_start) == ("TX-1", None)


def test_a_retainer_payment_records_its_service_period(crm_admin_client, order):
    data = form_data(
        is_retainer="on",
        service_period_start="2026-07-01",
        service_period_end="2026-07-31",
    )
    crm_admin_client.post(log_url(order), with_once(crm_admin_client, log_url(order), data))
    payment = Payment.objects.get()
    assert (str(payment.service_period_start), str(payment.service_period_end)) == (
        "2026-07-01",
        "2026-07-31",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "greater than or equal to 0.01"),
        ({"amount": "abc"}, "Enter a number."),
        ({"is_retainer": "on", "service_period_start": "2026-07-01"}, "both the start"),
        (
            {
                "is_retainer": "on",
                "service_period_start": "2026-07-31",
                "service_period_end": "2026-07-01",
            },
            "cannot end before it starts",
        ),
        ({"payment_method": "barter"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_form_error(crm_admin_client, order, overrides, message):
    response = crm_admin_client.post(log_url(order), form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_the_period_is_ignored_while_the_switch_is_off(crm_admin_client, order):
    data = form_data(service_period_start="2026-07-01", service_period_end="")
    crm_admin_client.post(log_url(order), with_once(crm_admin_client, log_url(order), data))
    assert Payment.objects.get().service_period_start is None


def test_sales_users_cannot_log_edit_or_void(sales_client, order, crm_admin):
    assert sales_client.get(log_url(order)).status_code == 403
    assert sales_client.post(log_url(order), form_data()).status_code == 403
    payment = pay(order, crm_admin, "10.00")
    change = reverse("admin:crm_payment_change", args=[payment.pk])
    assert sales_client.get(change).status_code == 200  # read-only
    sales_client.post(change, {"version": payment.version, "amount_value": "999"})
    void = reverse("admin:crm_payment_void_payment_detail", args=[payment.pk])
    assert sales_client.post(void, {"version": payment.version}).status_code == 403
    payment.refresh_from_db()
    assert (payment.amount.amount, payment.status) == (10, PaymentStatus.COMPLETED)


def test_no_payment_on_a_cancelled_order(crm_admin_client, order, crm_admin):
    cancel_order(order, user=crm_admin)
    assert crm_admin_client.post(log_url(order), form_data()).status_code == 403
    assert not Payment.objects.exists()


def test_editing_a_payment_recalculates_and_says_so(crm_admin_client, order, crm_admin):
    payment = pay(order, crm_admin, "5000.00")
    change = reverse("admin:crm_payment_change", args=[payment.pk])
    assert crm_admin_client.get(f"{change}?edit=1").status_code == 200
    data = {
        "version": payment.version,
        "amount_value": "1000.00",
        "payment_date": YESTERDAY.isoformat(),
        "payment_method": "cash",
        "payment_status": "completed",
        "transaction_id": "",
        "notes": "corrected",
    }
    response = crm_admin_client.post(change, data)
    assert "Payment record updated successfully." in toasts(response)
    payment.refresh_from_db()
    assert (payment.amount.amount, payment.notes, payment.payment_method) == (
        1000,
        "corrected",
        "cash",
    )
    assert status(order) == OrderStatus.PARTIALLY_PAID
    stale = crm_admin_client.post(change, {**data, "notes": "stale"})
    assert "modified by another user" in stale.content.decode() or any(
        "modified by another user" in text for text in toasts(stale)
    )
    assert Payment.objects.get().notes == "corrected"


def test_void_asks_then_strikes_the_row_and_moves_the_order_back(
    crm_admin_client, order, crm_admin
):
    pay(order, crm_admin, "2500.00")
    second = pay(order, crm_admin, "2500.00")
    url = reverse("admin:crm_payment_void_payment_detail", args=[second.pk])
    asked = crm_admin_client.get(url).content.decode()
    assert VOID_QUESTION in asked
    # What will happen: the payment's facts and the order's balance once it no longer counts.
    assert "$2,500.00" in asked and order.number in asked and "Balance due after voiding" in asked
    without = crm_admin_client.post(url, {"version": second.version})
    assert (
        without.status_code == 200 and "Say why the payment is voided." in without.content.decode()
    )
    assert Payment.objects.get(pk=second.pk).status == PaymentStatus.COMPLETED  # not voided
    response = crm_admin_client.post(url, {"version": second.version, "reason": "Entered twice"})
    assert response.url.endswith("#related")
    assert Payment.objects.get(pk=second.pk).void_reason == "Entered twice"
    assert status(order) == OrderStatus.PARTIALLY_PAID
    html = crm_admin_client.get(reverse("admin:crm_order_change", args=[order.pk])).content
    assert f'<del class="crm-void">{second}</del>'.encode() in html
    assert crm_admin_client.get(url).status_code == 403  # void is terminal
    change = reverse("admin:crm_payment_change", args=[second.pk])
    assert crm_admin_client.get(change).context["has_change_permission"] is False


def test_the_payment_list_links_order_and_account_and_exports(crm_admin_client, order, crm_admin):
    pay(order, crm_admin, "1234.00", payment_method="paypal")
    url = reverse("admin:crm_payment_changelist")
    html = crm_admin_client.get(url).content.decode()
    assert reverse("admin:crm_order_change", args=[order.pk]) in html
    assert reverse("admin:crm_account_change", args=[order.account_id]) in html
    assert (
        not crm_admin_client.get(url, {"payment_method__exact": "cash"}).context["cl"].result_list
    )
    export = crm_admin_client.post(
        reverse("admin:crm_payment_export"), {"format": "0", "resource": "0"}
    )
    body = export.content.decode()
    assert "1234.00" in body and order.number in body and "PayPal" in body


def test_sales_users_see_payments_without_edit_or_void_links(client, order, crm_admin, sales_user):
    payment = pay(order, crm_admin, "10.00")
    page = reverse("admin:crm_order_change", args=[order.pk])
    client.force_login(crm_admin)
    admin_html = client.get(page).content.decode()
    assert reverse("admin:crm_payment_void_payment_detail", args=[payment.pk]) in admin_html
    client.force_login(sales_user)
    html = client.get(page).content.decode()
    assert str(payment) in html
    assert reverse("admin:crm_payment_void_payment_detail", args=[payment.pk]) not in html
    assert "Log Payment" not in html
