"""Payment reminders on exactly the right days (default steps 3, 10, 30 after due), one at a
time, never after payment or void; Send reminder now; the last-reminder selectors."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import Account, InvoiceReminder
from crm.models.invoices import Invoice
from crm.selectors.invoicing import last_reminder_by_contract, with_last_reminder
from crm.services.invoices import (
    issue_period_invoice,
    send_due_reminders,
    send_reminder_now,
    void_invoice,
)
from crm.services.payments import log_payment, void_payment
from crm.tests.factories import ContactFactory
from crm.tests.invoices.conftest import day

pytestmark = pytest.mark.django_db

# The January invoice is issued 2027-01-01 and due 2027-01-15 (14 days' terms).
DUE = day("2027-01-15")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def invoice(monthly, crm_admin):
    contact = ContactFactory(
        account=monthly.account,
        first_name="Paula",
        last_name="Payer",
        email="pay@client.example",
        owner=monthly.owner,
    )
    Account.objects.filter(pk=monthly.account_id).update(billing_contact=contact)
    issued = issue_period_invoice(
        monthly, period_start=day("2027-01-01"), user=crm_admin, issue_date=day("2027-01-01")
    )
    assert issued.due_date == DUE
    return issued


def remind(on: str, run_on_commit) -> list[int]:
    """The steps sent on day ``on`` (and the emails really go out)."""
    with run_on_commit():
        run = send_due_reminders(as_of=day(on))
    return [reminder.days_after_due for reminder in run.sent]


def test_reminders_on_exactly_the_right_days(invoice, run_on_commit):
    assert remind("2027-01-15", run_on_commit) == []  # the due date itself
    assert remind("2027-01-17", run_on_commit) == []  # due + 2
    assert remind("2027-01-18", run_on_commit) == [3]  # due + 3
    assert remind("2027-01-18", run_on_commit) == []  # the same day again
    assert remind("2027-01-24", run_on_commit) == []  # due + 9
    assert remind("2027-01-25", run_on_commit) == [10]
    assert remind("2027-02-13", run_on_commit) == []  # due + 29
    assert remind("2027-02-14", run_on_commit) == [30]
    assert remind("2027-05-01", run_on_commit) == []  # no step after 30
    assert [m.to for m in mail.outbox] == [["pay@client.example"]] * 3
    assert mail.outbox[0].subject == f"Reminder: invoice {invoice.number} is overdue"
    assert mail.outbox[0].attachments[0][0] == f"{invoice.number}.pdf"
    reminders = InvoiceReminder.objects.filter(invoice=invoice).order_by("sent_on")
    assert [(r.days_after_due, r.sent_on) for r in reminders] == [
        (3, day("2027-01-18")),
        (10, day("2027-01-25")),
        (30, day("2027-02-14")),
    ]


def test_an_old_invoice_gets_the_latest_step_only(invoice, run_on_commit):
    assert remind("2027-03-01", run_on_commit) == [30]  # 45 days late: not a burst of three
    assert remind("2027-03-02", run_on_commit) == []


def test_a_missed_day_is_caught_up(invoice, run_on_commit):
    assert remind("2027-01-20", run_on_commit) == [3]  # the run did not happen on the 18th


def test_no_reminder_once_paid(invoice, crm_admin, run_on_commit):
    assert remind("2027-01-18", run_on_commit) == [3]
    payment = log_payment(
        user=crm_admin,
        contract=invoice.contract,
        amount="1000.00",
        payment_date=day("2027-01-20"),
        payment_method="bank_transfer",
        invoice=invoice,
    )
    assert remind("2027-01-25", run_on_commit) == []
    # The payment bounces: the invoice is owed again and the 10-day reminder goes.
    void_payment(payment, user=crm_admin, reason="Bounced")
    assert remind("2027-01-26", run_on_commit) == [10]


def test_a_partly_paid_invoice_is_reminded(invoice, crm_admin, run_on_commit):
    log_payment(
        user=crm_admin,
        contract=invoice.contract,
        amount="400.00",
        payment_date=day("2027-01-10"),
        payment_method="cash",
        invoice=invoice,
    )
    assert remind("2027-01-18", run_on_commit) == [3]
    assert "$600.00 is still outstanding" in mail.outbox[0].body


def test_no_reminder_for_a_void_invoice(invoice, crm_admin, run_on_commit):
    void_invoice(invoice, user=crm_admin, reason="Issued twice")
    assert remind("2027-01-18", run_on_commit) == []
    assert mail.outbox == []


def test_no_billing_address_skips_and_tries_again(invoice, run_on_commit):
    Account.objects.filter(pk=invoice.account_id).update(billing_contact=None)
    with run_on_commit():
        run = send_due_reminders(as_of=day("2027-01-18"))
    assert run.sent == [] and "Add a billing contact" in run.skipped[0]
    Account.objects.filter(pk=invoice.account_id).update(
        billing_contact=invoice.account.contacts.get()
    )
    assert remind("2027-01-19", run_on_commit) == [3]


def test_the_steps_come_from_the_settings(invoice, settings, run_on_commit):
    settings.CRM_REMINDER_DAYS = [1, 7]
    assert remind("2027-01-16", run_on_commit) == [1]
    assert remind("2027-01-18", run_on_commit) == []
    assert remind("2027-01-22", run_on_commit) == [7]


def test_each_step_is_stored_once(invoice, run_on_commit):
    (reminder,) = send_due_reminders(as_of=day("2027-01-18")).sent
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceReminder.objects.bulk_create(
            [InvoiceReminder(invoice=invoice, days_after_due=3, email=reminder.email, sent_on=DUE)]
        )


def test_send_reminder_now(invoice, crm_admin, sales_user, monkeypatch, run_on_commit):
    today = day("2027-01-20")  # due + 5
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    with run_on_commit():
        reminder = send_reminder_now(invoice, user=crm_admin)
    assert reminder.manual and reminder.sent_on == today
    assert reminder.days_after_due == 5
    assert len(mail.outbox) == 1
    with pytest.raises(BusinessRuleError, match="already went out today"):
        send_reminder_now(invoice, user=crm_admin)
    with pytest.raises(BusinessRuleError, match="Only admins"):
        send_reminder_now(invoice, user=sales_user)
    # It stands for every step up to it (3): the daily run sends nothing until day 10.
    assert send_due_reminders(as_of=today).sent == []
    assert remind("2027-01-25", run_on_commit) == [10]
    row = with_last_reminder(Invoice.objects.filter(pk=invoice.pk)).get()
    assert row.last_reminder_on == day("2027-01-25")
    assert last_reminder_by_contract([invoice.contract_id, 0]) == {
        invoice.contract_id: day("2027-01-25")
    }


def test_send_reminder_now_refuses_a_settled_invoice(invoice, crm_admin):
    void_invoice(invoice, user=crm_admin, reason="Wrong")
    with pytest.raises(BusinessRuleError, match="is void: there is nothing to remind"):
        send_reminder_now(invoice, user=crm_admin)


def test_the_worker_task_sends_todays_reminders(invoice, monkeypatch, run_on_commit):
    from crm.tasks.billing import send_reminders_task

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day("2027-01-18"))
    with run_on_commit():
        assert send_reminders_task.delay().get() == [invoice.pk]
    assert len(mail.outbox) == 1
