"""The server process's start-up heap, kept out of the garbage collector's full passes.

Once Django has loaded the apps, models, admin and URLconf, a process holds about 240,000
objects that live as long as it does. CPython's full (generation 2) collection walks every one
of them: at the SPEC §10 size one ran every ~100 list pages and took 110 ms, so one page in a
hundred answered in 140 ms instead of 30 (p99). ``gc.freeze()`` moves the objects alive at
start-up into a permanent generation the collector no longer walks; a full pass then takes
~20 ms. Objects created later are collected as before.

Called by config/wsgi.py and config/asgi.py in every server process (gunicorn imports the
application in each worker), and by ``manage.py benchmark`` before it times pages."""

import gc

from django.urls import reverse


def settle() -> None:
    """Load what every request needs, collect once, then freeze what is left."""
    reverse("admin:index")  # imports the URLconf (every admin and view), builds its URL map
    gc.collect()
    gc.freeze()
