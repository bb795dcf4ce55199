"""`python manage.py demo`: migrate, create the demo users, load demo data, serve the app."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils.module_loading import import_string

from crm.demo import DEMO_PASSWORD, DEMO_USERS, SEEDERS
from crm.models import User


def serve(host: str, port: str) -> None:
    """Run the development server the way a client sees the app: with DEBUG off, an unknown
    URL or an error answers with the app's own 404 / 500 pages, never Django's debug page
    (which lists every URL pattern). Static files still come straight from the apps'
    folders, as in development: WhiteNoise looks there (WHITENOISE_USE_FINDERS, set while
    the settings loaded) on every request, so no collectstatic is needed."""
    settings.DEBUG = False
    settings.WHITENOISE_AUTOREFRESH = True
    call_command("runserver", f"{host}:{port}", use_reloader=False)


SEED_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Migrate, create demo users and demo data, then run the development server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--scale", type=int, default=1, help="Multiply the demo data volume.")
        parser.add_argument("--no-serve", action="store_true", help="Prepare data, do not serve.")

    def handle(self, *args, host, port, scale, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        users = self._ensure_users()
        # The seed's emails (invoices sent, reminders) are recorded as sent without printing
        # each one, PDF and all, to this console; the app's own sends later use EMAIL_BACKEND.
        with override_settings(EMAIL_BACKEND=SEED_EMAIL_BACKEND), transaction.atomic():
            for dotted in SEEDERS:
                import_string(dotted)(admin=users["admin"], sales=users["user"], scale=scale)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nAgency CRM demo is ready at {url}"))
        for email, first, last, role in DEMO_USERS:
            self.stdout.write(f"  {first} {last} ({role}): {email} / {DEMO_PASSWORD}")
        if not no_serve:
            if not settings.CRM_SITE_URL_EXPLICIT:
                # Links made outside a request (and the web-to-lead snippet) name the port the
                # demo serves on; emailed links already follow the request (crm.site).
                settings.CRM_SITE_URL = url.rstrip("/")
            serve(host, port)

    def _ensure_users(self) -> dict[str, User]:
        users = {}
        for email, first, last, role in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, first_name=first, last_name=last, role=role
                )
            users[role] = user
        return users
