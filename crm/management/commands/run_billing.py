"""``python manage.py run_billing [--as-of YYYY-MM-DD] [--dry-run]``: issue the invoices of
every activated contract period that is due (crm.services.invoices.run_billing). Run daily
from cron or let the worker's beat do it; safe to run any time and any number of times."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from crm.services.invoices import run_billing


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2026-03-01, not '{text}'.") from None


class Command(BaseCommand):
    help = "Issue the invoices of the contract periods that are due (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=_day, help="bill as if today were this day")
        parser.add_argument("--dry-run", action="store_true", help="list, issue nothing")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        result = run_billing(as_of=as_of, dry_run=dry_run)
        if dry_run:
            for period in result.planned:
                contract = period.contract
                self.stdout.write(
                    f"Would issue: {contract.number} {contract.account.name} "
                    f"{period.start}–{period.end} {contract.cycle_amount} {contract.currency}"
                )
            self.stdout.write(f"{len(result.planned)} invoice(s) would be issued.")
            return
        for invoice in result.issued:
            self.stdout.write(
                f"Issued {invoice.number}: {invoice.contract.number} "
                f"{invoice.service_period_start}–{invoice.service_period_end} {invoice.total}"
            )
        for reason in result.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {reason}"))
        if not result.issued:
            self.stdout.write("No invoice was due.")
            return
        count = len(result.issued)
        noun = "invoice" if count == 1 else "invoices"
        self.stdout.write(self.style.SUCCESS(f"{count} {noun} issued as of {result.as_of}."))
