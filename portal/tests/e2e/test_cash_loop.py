"""The client's whole cash loop as an admin clicks it (issue 26): the billing run issues a
retainer period's invoice (it shows on the contract's Related tab), Send Invoice mails it to
the billing contact with the PDF (the email on the account's Activity tab, Sent), the invoice
falls overdue and the scheduled reminders send one (the retainer report's Overdue panel shows
the invoice and its last reminder; "Send reminder now" the same day is refused), Log Payment
on the contract settles it (Paid, nothing due) and no reminder follows. Screenshots of each
step: artifacts/screenshots/cash_loop_*.png.

The billing run and the reminders are what beat / cron run (no button), so the test calls
them. The live server runs in this process, so the locmem ``mail.outbox`` sees every email
the in-process worker sends. The retainer grid calls a month overdue ``CRM_RETAINER_GRACE_DAYS``
after it starts; the grace is 0 here so the current month is overdue whatever today's date."""

import datetime
from decimal import Decimal

from django.core import mail
from django.utils import formats, timezone

from crm.models import Invoice
from crm.models.company import CompanyInformation
from crm.models.contracts import month_start
from crm.models.invoice_reminders import InvoiceReminder
from crm.models.invoices import InvoiceStatus
from crm.models.outbox import EmailMessage, EmailStatus
from crm.services.invoices import run_billing, send_due_reminders
from crm.tests.factories import AccountFactory, AdminUserFactory, ContactFactory, ContractFactory
from portal.tests.e2e.test_action_dialogs import DIALOG, PASSWORD, open_action, shoot

ACCOUNT = "Brightside Bakery"
BILLING_EMAIL = "ap@brightside.example"
COMPANY = "Pixel & Pine Studio Ltd"


def figure(page, key: str) -> str:
    return page.locator(f".crm-highlights [data-figure={key}]").inner_text().strip()


def emails_about(invoice) -> list:
    """The messages sent so far (locmem outbox) whose subject names ``invoice``."""
    return [message for message in mail.outbox if invoice.number in message.subject]


def short_date(day: datetime.date) -> str:
    """As the retainer report prints a day: "Dec. 5, 2026"."""
    return formats.date_format(day)


def test_invoice_sent_reminded_paid_and_left_alone(
    signed_in_page, live_server, screenshot, settings
):
    settings.CRM_RETAINER_GRACE_DAYS = 0
    today = timezone.localdate()
    base = live_server.url

    # --- Arrange: the agency's details, a client with a billing contact, a monthly retainer.
    CompanyInformation(
        legal_name=COMPANY,
        address="12 Harbour Road\nBristol BS1 4RN",
        bank_details="IBAN GB33 BUKB 2020 1555 5555 55",
        payment_terms_days=14,
        reply_to_email="billing@pixelpine.example",
    ).save()
    ada = AdminUserFactory(email="ada@agency.example", first_name="Ada", last_name="Admin")
    account = AccountFactory(name=ACCOUNT, owner=ada)
    contact = ContactFactory(
        account=account, owner=ada, first_name="Bea", last_name="Baker", email=BILLING_EMAIL
    )
    account.billing_contact = contact
    account.save()
    contract = ContractFactory(
        owner=ada, account=account, start_date=month_start(today), term_months=12, price="650"
    )

    # --- The billing run (beat / cron) issues this month's invoice.
    run = run_billing(as_of=today)
    invoice = Invoice.objects.get(contract=contract, service_period_start=month_start(today))
    assert invoice in run.issued
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.due_date == today + datetime.timedelta(days=14)

    page = signed_in_page("ada@agency.example", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base}/crm/contract/{contract.pk}/change/#related")
    card = page.locator("[data-related-list=invoices]").first
    link = card.get_by_role("link", name=invoice.number)
    link.wait_for()
    screenshot("cash_loop_1_contract_invoices")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/crm/invoice/{invoice.pk}/change/")
    assert figure(page, "total") == "$650.00"
    assert figure(page, "balance") == "$650.00"
    assert figure(page, "due") == formats.date_format(invoice.due_date, "DATE_FORMAT")
    screenshot("cash_loop_2_invoice")

    # --- Send Invoice: To is the billing contact; the email goes with the PDF attached.
    open_action(page, "Send Invoice")
    dialog = page.locator(DIALOG)
    assert dialog.locator("input[name=to]").input_value() == BILLING_EMAIL
    subject = f"Invoice {invoice.number} from {COMPANY}"
    assert dialog.locator("input[name=subject]").input_value() == subject
    shoot(page, screenshot, "cash-loop-send-invoice")
    dialog.locator("button[type=submit]").click()
    page.locator(".crm-toast--success", has_text="was queued for sending").wait_for()
    assert page.locator(DIALOG).count() == 0
    sent = EmailMessage.objects.get()
    assert (sent.status, sent.to_list) == (EmailStatus.SENT, [BILLING_EMAIL])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == ([BILLING_EMAIL], subject)
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")

    # The email on the account's timeline: subject, To and Sent.
    page.goto(f"{base}/crm/account/{account.pk}/change/")
    page.locator(".crm-tabs [data-tab=activity]").click()
    email_row = page.locator("#activity-group .crm-activity", has_text=f"Email: {subject}")
    email_row.wait_for()
    assert f"To: {BILLING_EMAIL}" in email_row.inner_text()
    assert email_row.locator("[data-email-status]").inner_text().strip() == "Sent"
    screenshot("cash_loop_3_account_timeline")

    # --- Overdue: due three days ago; the daily reminders send the 3-day one.
    Invoice.objects.filter(pk=invoice.pk).update(
        issue_date=today - datetime.timedelta(days=17), due_date=today - datetime.timedelta(days=3)
    )
    reminders = send_due_reminders(as_of=today)
    [reminder] = reminders.sent
    assert (reminder.invoice_id, reminder.days_after_due, reminder.sent_on) == (
        invoice.pk,
        3,
        today,
    )
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == f"Reminder: invoice {invoice.number} is overdue"
    assert mail.outbox[1].to == [BILLING_EMAIL]
    assert mail.outbox[1].attachments[0][0] == f"{invoice.number}.pdf"

    # The retainer report: the account is overdue, with the invoice and its last reminder.
    page.goto(f"{base}/portal/retainers/")
    row = page.locator(f'[data-overdue-panel] [data-overdue-account="{ACCOUNT}"]')
    entry = row.locator(f'[data-overdue-invoice="{invoice.number}"]')
    entry.wait_for()
    assert "650.00" in row.inner_text()
    reminded = entry.locator("[data-last-reminder]").inner_text().strip()
    assert reminded == f"last reminder {short_date(today)}"
    cell = page.locator(f'tr[data-account="{ACCOUNT}"] td[data-month="{today:%b %Y}"]')
    assert cell.get_attribute("data-state") == "overdue"
    screenshot("cash_loop_4_retainer_overdue")
    # A second reminder the same day is refused, and says so.
    with page.expect_navigation():
        entry.locator("[data-send-reminder]").click()
    refusal = f"A reminder for {invoice.number} already went out today."
    page.locator(".crm-toast--error", has_text=refusal).wait_for()
    assert InvoiceReminder.objects.filter(invoice=invoice).count() == 1
    assert len(mail.outbox) == 2
    screenshot("cash_loop_5_reminder_refused")

    # --- Log Payment on the contract for the month's full amount: the invoice is Paid.
    page.goto(f"{base}/crm/contract/{contract.pk}/change/")
    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="Log Payment").click()
    assert page.input_value("input[name=amount]") == "650.00"
    assert page.input_value("input[name=service_period_start]") == month_start(today).isoformat()
    with page.expect_navigation():
        page.click("button[name=_log]")
    page.get_by_text("Payment of $650.00 was logged successfully.").wait_for()
    page.goto(f"{base}/crm/invoice/{invoice.pk}/change/")
    assert page.locator(".crm-path__stage--current").inner_text().strip() == "Paid"
    assert figure(page, "paid") == "$650.00"
    assert figure(page, "balance") == "$0.00"
    screenshot("cash_loop_6_invoice_paid")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID

    # --- A month on, the paid invoice gets no reminder.
    # (Late in a month the run also issued next month's invoice, which may be reminded: only
    # this invoice's reminders and emails are counted.)
    later = send_due_reminders(as_of=today + datetime.timedelta(days=30))
    assert [r for r in later.sent if r.invoice_id == invoice.pk] == []
    assert InvoiceReminder.objects.filter(invoice=invoice).count() == 1
    assert len(emails_about(invoice)) == 2
    assert Decimal(invoice.total.amount) == Decimal("650.00")
