"""Payment reminders sent for an invoice (issue #26): one row per (invoice, step), so each
step of ``CRM_REMINDER_DAYS`` goes out at most once — the database refuses a second row.

``days_after_due`` is the step (3, 10, 30 by default) for the automatic reminders, and the
days overdue on the day it was sent for a "Send reminder now" (``manual``); a manual
reminder on a step's own day counts as that step. Never edited, never deleted."""

from django.db import models

from crm.errors import BusinessRuleError
from crm.models.base import TimeStampedModel

ONE_PER_STEP = "This reminder has already been sent for this invoice."
NEVER_CHANGED = "A sent reminder is a record of what went out: it never changes."


class InvoiceReminder(TimeStampedModel):
    invoice = models.ForeignKey("crm.Invoice", on_delete=models.PROTECT, related_name="reminders")
    days_after_due = models.SmallIntegerField("days after due")
    manual = models.BooleanField(default=False, help_text="Sent with Send reminder now.")
    email = models.OneToOneField(
        "crm.EmailMessage", on_delete=models.PROTECT, related_name="invoice_reminder"
    )
    sent_on = models.DateField("sent on", db_index=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "days_after_due"],
                name="invoice_reminder_once_per_step",
                violation_error_message=ONE_PER_STEP,
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.days_after_due} days after due"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise BusinessRuleError(NEVER_CHANGED)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BusinessRuleError(NEVER_CHANGED)
