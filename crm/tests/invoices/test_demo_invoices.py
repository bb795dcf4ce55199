"""Demo invoices: issued, paid, partly paid and overdue invoices, the newest emailed to the
billing contacts (sent, on the timeline), overdue ones reminded; a second run adds nothing."""

import pytest
from django.core import mail
from django.utils import timezone

from crm.models import Invoice, InvoiceReminder
from crm.models.invoices import InvoiceStatus
from crm.models.outbox import EmailMessage, EmailStatus
from crm.tests.billing.test_demo import run_seeders
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_invoices_cover_the_cash_loop_and_run_twice_safely(
    django_capture_on_commit_callbacks,
):
    admin, sales = AdminUserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run_seeders(admin, sales)
    statuses = set(Invoice.objects.values_list("status", flat=True))
    assert {InvoiceStatus.ISSUED, InvoiceStatus.PAID, InvoiceStatus.PARTIALLY_PAID} <= statuses
    today = timezone.localdate()
    overdue = Invoice.objects.filter(status=InvoiceStatus.ISSUED, due_date__lt=today)
    assert overdue.exists()
    assert Invoice.objects.filter(order__isnull=False).count() == 2
    sent = EmailMessage.objects.filter(status=EmailStatus.SENT)
    assert sent.count() == len(mail.outbox) > 0
    assert all(message.activity_id for message in sent)
    assert InvoiceReminder.objects.filter(invoice__in=overdue).exists()

    counts = (Invoice.objects.count(), EmailMessage.objects.count())
    run_seeders(admin, sales)
    assert (Invoice.objects.count(), EmailMessage.objects.count()) == counts
