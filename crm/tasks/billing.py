"""Billing on the worker (issue #26): the daily billing run and the payment reminders, both
queued by beat (config/worker.py) and both idempotent — a repeat issues or sends nothing."""

from celery import shared_task

from crm.services.invoices import run_billing, send_due_reminders


@shared_task(name="crm.tasks.billing.run_billing_task", ignore_result=True)
def run_billing_task() -> list[int]:
    """Issue today's due contract-period invoices; returns their ids (for the logs)."""
    return [invoice.pk for invoice in run_billing().issued]


@shared_task(name="crm.tasks.billing.send_reminders_task", ignore_result=True)
def send_reminders_task() -> list[int]:
    """Send today's payment reminders; returns the ids of the invoices reminded."""
    return [reminder.invoice_id for reminder in send_due_reminders().sent]
