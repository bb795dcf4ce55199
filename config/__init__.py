"""Agency CRM project configuration. The Celery app is loaded with Django so that
``@shared_task`` tasks use it (and its in-process mode when no broker is set)."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
