"""Void Payment asks why (issue 24): the reason is required by ``void_payment`` (nothing
changes without it), kept on the payment, shown on its page and in its history; the dialog
shows the payment and its order's balance after voiding."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.errors import BusinessRuleError
from crm.models import Order, OrderStatus, Payment, PaymentStatus
from crm.selectors.history import field_changes
from crm.services.payments import void_payment
from crm.tests.billing.conftest import pay

pytestmark = pytest.mark.django_db


def test_void_needs_a_reason_and_keeps_it(order, crm_admin):
    payment = pay(order, crm_admin, "100.00")
    for reason in ("", "   "):
        with pytest.raises(BusinessRuleError, match="Say why"):
            void_payment(payment, user=crm_admin, reason=reason, version=payment.version)
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.status, stored.void_reason, stored.version) == (PaymentStatus.COMPLETED, "", 1)
    void_payment(payment, user=crm_admin, reason=" Entered twice ", version=1)
    assert Payment.objects.get(pk=payment.pk).void_reason == "Entered twice"


def test_the_reason_is_in_the_history_and_on_the_page(crm_admin_client, order, crm_admin):
    payment = pay(order, crm_admin, "100.00")
    url = reverse("admin:crm_payment_void_payment_detail", args=[payment.pk])
    with CaptureQueriesContext(connection) as asked:
        dialog = crm_admin_client.get(url, HTTP_X_CRM_DIALOG="1").content.decode()
    assert len(asked) <= 14, [q["sql"] for q in asked.captured_queries]
    assert "Balance due after voiding" in dialog and order.number in dialog
    assert 'data-crm-dialog-title="Void Payment"' in dialog and 'name="reason"' in dialog
    done = crm_admin_client.post(
        url, {"version": payment.version, "reason": "Card charged twice"}, HTTP_X_CRM_DIALOG="1"
    )
    assert done["X-CRM-Location"].endswith("#related")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT
    changes = [(c.field, c.new) for c in field_changes(Payment.objects.get(pk=payment.pk))]
    assert ("Void reason", "Card charged twice") in changes
    page = crm_admin_client.get(reverse("admin:crm_payment_change", args=[payment.pk]))
    assert "Card charged twice" in page.content.decode()
