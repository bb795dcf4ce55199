"""The retainer report's Overdue panel and the invoices (issue 26): each overdue month shows
its invoice (a link), when the last reminder went, and "Send reminder now", which queues a
reminder with the PDF and comes back with a toast; a refusal (no billing contact) is a toast
and sends nothing; sales users see the invoices but no button, and the POST is a 403."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from crm.models.outbox import EmailMessage
from crm.services.invoices import issue_period_invoice
from crm.tests.factories import AccountFactory, ContactFactory, ContractFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 4)
REPORT = "/portal/retainers/"


@pytest.fixture
def overdue_invoice(monkeypatch, crm_admin):
    """Today 2026-12-04: a monthly $650 contract from 2026-10; October is overdue and
    invoiced (due 2026-10-15)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    account = AccountFactory(name="Acme Retainers")
    contract = ContractFactory(account=account, start_date=datetime.date(2026, 10, 1), price="650")
    invoice = issue_period_invoice(
        contract,
        period_start=datetime.date(2026, 10, 1),
        user=crm_admin,
        issue_date=datetime.date(2026, 10, 1),
    )
    return invoice


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def panel(client) -> str:
    html = client.get(REPORT).content.decode()
    start = html.index("data-overdue-panel")
    return html[start : html.index("</section>", start)]


def test_the_panel_links_each_overdue_months_invoice(crm_admin_client, overdue_invoice):
    html = panel(crm_admin_client)
    url = reverse("admin:crm_invoice_change", args=[overdue_invoice.pk])
    assert f'href="{url}">{overdue_invoice.number}</a> (Oct 2026)' in html
    assert "no reminder yet" in html and "Send reminder now" in html


def test_send_reminder_now_queues_it_and_shows_when_it_went(crm_admin_client, overdue_invoice):
    account = overdue_invoice.account
    account.billing_contact = ContactFactory(account=account, email="ap@acme.example")
    account.save()
    remind = reverse("portal:retainers_remind", args=[overdue_invoice.pk])
    response = crm_admin_client.post(remind, {"next": REPORT})
    assert response.status_code == 302 and response.url == REPORT
    assert toasts(response) == [f"Reminder for {overdue_invoice.number} queued to ap@acme.example."]
    email = EmailMessage.objects.get()
    assert overdue_invoice.number in email.subject
    assert [a.filename for a in email.attachments.all()] == [f"{overdue_invoice.number}.pdf"]
    assert "last reminder Dec. 4, 2026" in panel(crm_admin_client)  # the cache was refreshed


def test_a_refused_reminder_is_a_toast_and_sends_nothing(crm_admin_client, overdue_invoice):
    remind = reverse("portal:retainers_remind", args=[overdue_invoice.pk])
    response = crm_admin_client.post(remind, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == REPORT  # no open redirect
    assert any("billing contact" in toast for toast in toasts(response))
    assert not EmailMessage.objects.exists()


def test_sales_users_see_the_invoice_but_send_no_reminder(sales_client, overdue_invoice):
    html = panel(sales_client)
    assert overdue_invoice.number in html and "Send reminder now" not in html
    remind = reverse("portal:retainers_remind", args=[overdue_invoice.pk])
    assert sales_client.post(remind).status_code == 403
    assert sales_client.get(remind).status_code == 405
    assert not EmailMessage.objects.exists()
