"""`manage.py issue_api_token --email X --name Y [--days N]`: a personal API token for an
active user, printed alone on stdout (scripts capture it: deploy/fuzz-api). The same rules as
the Tokens page (crm.services.api_tokens): name required, 1-365 days, per-user limit."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crm.errors import error_message
from crm.models import User
from crm.services.api_tokens import issue_token


class Command(BaseCommand):
    help = "Issue a personal API token for a user and print it (shown once, never stored)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The user's sign-in email.")
        parser.add_argument("--name", required=True, help="What will use the token.")
        parser.add_argument("--days", type=int, default=None, help="Lifetime (default: 90).")

    def handle(self, *args, email, name, days, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with email {email}.")
        try:
            _, plain = issue_token(user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError(error_message(exc)) from exc
        self.stdout.write(plain)
