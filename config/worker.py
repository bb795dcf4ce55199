"""The background worker (Celery, SPEC §2 / design notes): email, the billing run, reminders
and big imports run on it.

``CELERY_BROKER_URL`` (e.g. ``redis://127.0.0.1:6379/1``) turns the worker on. Without it (the
demo, the tests, a single laptop) every task runs in-process at once, when it is queued, so
the README's two commands keep working with no broker and no worker.

Beat runs the schedule below (``celery -A config beat``); each scheduled task is idempotent,
so a beat that fires twice, or a manual ``manage.py run_billing`` beside it, does no harm."""

import os

from celery.schedules import crontab

from config.env import env_int, env_str

CRM_BROKER_CONFIGURED = bool(env_str("CELERY_BROKER_URL", "").strip())
CELERY_TASK_ALWAYS_EAGER = not CRM_BROKER_CONFIGURED
# Unset: an in-memory transport that is never used (tasks run in-process), so Celery does not
# go looking for a broker on localhost.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "").strip() or "memory://"
# In-process: a task that fails is recorded by the task itself (an email marked failed), never
# raised into the web request that queued it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the task for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = os.environ.get("TIME_ZONE", "UTC")
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "crm")

# When the scheduled jobs run (local time of TIME_ZONE).
CRM_BILLING_HOUR = env_int("CRM_BILLING_HOUR", 6)
CELERY_BEAT_SCHEDULE = {
    "billing-run": {
        "task": "crm.tasks.billing.run_billing_task",
        "schedule": crontab(hour=CRM_BILLING_HOUR, minute=0),
    },
    "payment-reminders": {
        "task": "crm.tasks.billing.send_reminders_task",
        "schedule": crontab(hour=CRM_BILLING_HOUR, minute=30),
    },
    "worker-heartbeat": {
        "task": "crm.tasks.heartbeat.heartbeat",
        "schedule": 60.0,
    },
}
