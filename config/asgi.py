import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# As config/wsgi.py: no server runs the system checks, so refuse to start here.
from config.heap import settle  # noqa: E402
from crm.checks import refuse_to_serve_if_not_ready  # noqa: E402

refuse_to_serve_if_not_ready()
settle()  # as config/wsgi.py
