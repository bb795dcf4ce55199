import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to boot (the worker fails, gunicorn exits with
# "Worker failed to boot") rather than answer every page with a 500 (crm/checks.py).
from crm.checks import refuse_to_serve_if_not_ready  # noqa: E402

refuse_to_serve_if_not_ready()
