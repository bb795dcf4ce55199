"""An invoice's lines (issue #26): each billed line copied from the order or contract line (or
a part-payment line) when the invoice is issued; the database refuses a quantity of 0 or less
and a negative price as for every priced line, and an issued invoice's lines never change."""

from django.db import models
from simple_history.models import HistoricalRecords

from crm.errors import BusinessRuleError
from crm.models.base import TimeStampedModel
from crm.models.invoices import Invoice, InvoiceStatus
from crm.models.money import CRMMoneyField
from crm.models.priced_lines import priced_line_constraints

LINES_LOCKED = "An issued invoice's lines are a snapshot and never change."


class InvoiceLine(TimeStampedModel):
    """One billed line, copied from the order or contract line (or a part-payment line):
    editable only while the invoice is a draft, never deleted once it is issued."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(
        "crm.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=255)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    unit_price = CRMMoneyField("unit price", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        # The same checks as every priced line's (crm.models.priced_lines).
        constraints = priced_line_constraints(
            "invoice_line", price_field="unit_price", price_label="unit price"
        )

    def __str__(self) -> str:
        return self.description or "invoice line"

    @property
    def total(self):
        return self.unit_price * self.quantity

    def _refuse_when_locked(self) -> None:
        status = Invoice._base_manager.filter(pk=self.invoice_id).values_list("status", flat=True)
        if status.first() not in (None, InvoiceStatus.DRAFT):
            raise BusinessRuleError(LINES_LOCKED)

    def save(self, *args, **kwargs):
        self._refuse_when_locked()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_locked()
        return super().delete(*args, **kwargs)
