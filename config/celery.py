"""The Celery application: ``celery -A config worker`` / ``celery -A config beat``.

Its settings are Django's ``CELERY_*`` settings (config/worker.py); tasks live in
``crm/tasks/``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
