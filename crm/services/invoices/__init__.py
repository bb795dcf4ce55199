"""Invoice transactions (issue #26): issue (from an order or for a contract period), void,
settle from the payments, the billing run, Send Invoice and the payment reminders. Import
them from here."""

from crm.services.invoices.billing_run import BillingRun, run_billing
from crm.services.invoices.issue import (
    issue_invoice,
    issue_order_invoice,
    issue_period_invoice,
    void_invoice,
)
from crm.services.invoices.reminders import ReminderRun, send_due_reminders, send_reminder_now
from crm.services.invoices.sending import send_invoice
from crm.services.invoices.settle import settle_invoice

__all__ = [
    "BillingRun",
    "ReminderRun",
    "issue_invoice",
    "issue_order_invoice",
    "issue_period_invoice",
    "run_billing",
    "send_due_reminders",
    "send_invoice",
    "send_reminder_now",
    "settle_invoice",
    "void_invoice",
]
