"""Payment reminders (issue #26): polite emails about unpaid invoices past their due date.

The steps are ``CRM_REMINDER_DAYS`` (default 3, 10 and 30 days after the due date). The
daily ``send_due_reminders`` (beat task ``crm.tasks.billing.send_reminders_task``) sends
ONE reminder per invoice and day at most: the latest step that has come, unless a reminder
at that step or later went already. So an invoice first seen 45 days late gets the 30-day
reminder only — never a burst of three — and a day the run missed is caught up the next day.
Paid, void and draft invoices get none. Each (invoice, step) is sent once: the reminder row
is unique per step, written in the same transaction that queues the email, under the
invoice's row lock. "Send reminder now" (``send_reminder_now``) records the days overdue
that day as its step, so it stands for any step up to it."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from crm.errors import BusinessRuleError, error_message
from crm.models.invoice_reminders import InvoiceReminder
from crm.models.invoices import OPEN_STATES, Invoice
from crm.services.invoices.emails import InvoiceEmail, reminder_email
from crm.services.invoices.issue import lock_parent, require
from crm.services.invoices.sending import NO_ADDRESS, ONLY_ADMINS, queue_invoice_email
from crm.services.transitions import lock

logger = logging.getLogger(__name__)

NOT_OWED = "{invoice} is {status}: there is nothing to remind the client of."
REMINDED_TODAY = "A reminder for {invoice} already went out today."


def reminder_days() -> list[int]:
    """The steps of CRM_REMINDER_DAYS, ascending, without duplicates."""
    return sorted({int(days) for days in getattr(settings, "CRM_REMINDER_DAYS", [3, 10, 30])})


def step_due(*, due_date: date, as_of: date, last_step: int | None) -> int | None:
    """The step to send on ``as_of``: the latest step reached, if no reminder at it or a
    later one went yet (``last_step``: the highest ``days_after_due`` recorded)."""
    overdue = (as_of - due_date).days
    reached = [days for days in reminder_days() if days <= overdue]
    if not reached or (last_step is not None and last_step >= reached[-1]):
        return None
    return reached[-1]


@dataclass
class ReminderRun:
    as_of: date
    sent: list[InvoiceReminder] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why a due reminder did not go


def _record(invoice: Invoice, email: InvoiceEmail, *, user, days: int, on: date, manual: bool):
    message = queue_invoice_email(
        invoice,
        email,
        user=user,
        dedupe_key=None if manual else f"invoice-reminder:{invoice.pk}:{days}",
    )
    return InvoiceReminder.objects.create(
        invoice=invoice, days_after_due=days, manual=manual, email=message, sent_on=on
    )


def _send_step(invoice_id: int, *, as_of: date) -> InvoiceReminder | None:
    """One invoice's due step, re-checked under its locks (a payment or another run may
    have come in between)."""
    with transaction.atomic():
        lock_parent(Invoice.objects.only("order_id", "contract_id").get(pk=invoice_id))
        locked = lock(Invoice(pk=invoice_id))
        if locked.status not in OPEN_STATES:
            return None
        last = locked.reminders.aggregate(last=Max("days_after_due"))["last"]
        step = step_due(due_date=locked.due_date, as_of=as_of, last_step=last)
        if step is None:
            return None
        email = reminder_email(locked)
        if not email.to:
            raise BusinessRuleError(NO_ADDRESS.format(account=locked.account))
        return _record(locked, email, user=None, days=step, on=as_of, manual=False)


def send_due_reminders(*, as_of: date | None = None) -> ReminderRun:
    """Send today's reminders (see the module's docstring); safe to run any number of times
    and from two servers at once."""
    as_of = as_of or timezone.localdate()
    result = ReminderRun(as_of=as_of)
    steps = reminder_days()
    if not steps:
        return result
    candidates = (
        Invoice.objects.open()
        .filter(due_date__lte=as_of - timedelta(days=steps[0]))
        .annotate(last_step=Max("reminders__days_after_due"))
        .order_by("due_date", "pk")
        .values_list("pk", "due_date", "last_step")
    )
    for invoice_id, due_date, last_step in candidates:
        if step_due(due_date=due_date, as_of=as_of, last_step=last_step) is None:
            continue
        try:
            reminder = _send_step(invoice_id, as_of=as_of)
        except IntegrityError:
            result.skipped.append(f"invoice {invoice_id}: sent by another run")
            continue
        except BusinessRuleError as error:
            logger.warning("No reminder for invoice %s: %s", invoice_id, error_message(error))
            result.skipped.append(f"invoice {invoice_id}: {error_message(error)}")
            continue
        if reminder is not None:
            result.sent.append(reminder)
    return result


@transaction.atomic
def send_reminder_now(invoice: Invoice, *, user, to=None) -> InvoiceReminder:
    """A reminder about an unpaid invoice right now (the retainer report's button), to the
    billing contact or ``to``; recorded with the days overdue today as its step."""
    require(user, "send_invoice", ONLY_ADMINS)
    lock_parent(invoice)
    locked = lock(invoice)
    if locked.status not in OPEN_STATES:
        status = locked.get_status_display().lower()
        raise BusinessRuleError(NOT_OWED.format(invoice=locked, status=status))
    today = timezone.localdate()
    days = (today - locked.due_date).days
    if locked.reminders.filter(Q(sent_on=today) | Q(days_after_due=days)).exists():
        raise BusinessRuleError(REMINDED_TODAY.format(invoice=locked))
    email = reminder_email(locked)
    if to is not None and str(to).strip():
        email = InvoiceEmail(to=to, subject=email.subject, body=email.body, person=None)
    if not email.to:
        raise BusinessRuleError(NO_ADDRESS.format(account=locked.account))
    return _record(locked, email, user=user, days=days, on=today, manual=True)
