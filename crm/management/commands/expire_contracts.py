"""``python manage.py expire_contracts``: activated contracts whose end date has passed become
expired. Run daily from cron (README); safe to run any time and any number of times."""

from django.core.management.base import BaseCommand

from crm.services.contracts import expire_contracts


class Command(BaseCommand):
    help = "Expire activated retainer contracts whose end date has passed (idempotent)."

    def handle(self, *args, **options):
        expired = expire_contracts()
        if not expired:
            self.stdout.write("No contract expired.")
            return
        noun = "contract" if len(expired) == 1 else "contracts"
        numbers = ", ".join(contract.number for contract in expired)
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} {noun} expired: {numbers}"))
