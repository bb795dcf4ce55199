import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.heap import settle  # noqa: E402
from crm.checks import refuse_to_serve_if_not_ready  # noqa: E402

# gunicorn runs no system checks: refuse to boot (the worker fails, gunicorn exits with
# "Worker failed to boot") rather than answer every page with a 500 (crm/checks.py).
refuse_to_serve_if_not_ready()
settle()  # the start-up heap out of the collector's full passes (config/heap.py)
