"""Invoice transactions (issue #26): issue (from an order or for a contract period), void,
settle from the payments, and the billing run. Import them from here."""

from crm.services.invoices.billing_run import BillingRun, run_billing
from crm.services.invoices.issue import (
    issue_invoice,
    issue_order_invoice,
    issue_period_invoice,
    void_invoice,
)
from crm.services.invoices.settle import settle_invoice

__all__ = [
    "BillingRun",
    "issue_invoice",
    "issue_order_invoice",
    "issue_period_invoice",
    "run_billing",
    "settle_invoice",
    "void_invoice",
]
