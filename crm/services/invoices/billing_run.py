"""The billing run (issue #26): every retainer period gets its invoice, without a person.

``manage.py run_billing`` (cron) and the beat task ``crm.tasks.billing.run_billing_task``
call ``run_billing`` daily; it is safe to run any time, any number of times, and from two
servers at once."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.errors import BusinessRuleError, error_message
from crm.models.contracts import ContractStatus
from crm.models.invoices import Invoice
from crm.selectors.invoicing import DuePeriod, periods_due_for_invoice
from crm.services.invoices.issue import issue_locked_period
from crm.services.transitions import lock

logger = logging.getLogger(__name__)


@dataclass
class BillingRun:
    as_of: date
    dry_run: bool
    issued: list[Invoice] = field(default_factory=list)
    planned: list[DuePeriod] = field(default_factory=list)  # due (dry run: would be issued)
    skipped: list[str] = field(default_factory=list)  # why a due period got no invoice


def _issue_one(period: DuePeriod, *, as_of: date) -> Invoice | None:
    """Issue one period's invoice under the contract's row lock (re-checked there: another
    run may have issued it, or the contract changed, since the periods were read)."""
    with transaction.atomic():
        locked = lock(period.contract)
        if locked.status != ContractStatus.ACTIVATED:
            return None
        billed = Invoice.objects.live().filter(contract=locked, service_period_start=period.start)
        if billed.exists():
            return None
        return issue_locked_period(
            locked, start=period.start, end=period.end, user=None, issue_date=as_of
        )


def run_billing(*, as_of: date | None = None, dry_run: bool = False) -> BillingRun:
    """Issue the invoice of every activated contract period that is due and has none yet.

    A period is due when ``period_start ≤ as_of + CRM_INVOICE_LEAD_DAYS`` and
    ``period_end ≥ as_of``: it starts within the lead days (or already started) and has not
    ended. So a day the run missed is caught up the next day, but a first run never floods
    an old contract with invoices for periods long past (an admin issues those by hand from
    the contract). Invoices are dated ``as_of`` and due after the company's payment terms.

    Idempotent: a period with a live invoice is skipped. Each invoice is issued in its own
    transaction with the contract row locked, so two runs at once issue it once; the unique
    constraint (one live invoice per contract period) is the backstop — a run that loses
    that race skips the period and carries on. ``dry_run`` only lists the due periods."""
    as_of = as_of or timezone.localdate()
    result = BillingRun(as_of=as_of, dry_run=dry_run)
    result.planned = periods_due_for_invoice(as_of)
    if dry_run:
        return result
    for period in result.planned:
        label = f"{period.contract.number} {period.start}"
        try:
            invoice = _issue_one(period, as_of=as_of)
        except IntegrityError:
            result.skipped.append(f"{label}: issued by another run")
            continue
        except BusinessRuleError as error:
            logger.warning("Billing run skipped %s: %s", label, error_message(error))
            result.skipped.append(f"{label}: {error_message(error)}")
            continue
        if invoice is not None:
            result.issued.append(invoice)
    return result
