"""Background tasks (Celery, config/worker.py). One module per area; each task is idempotent
and takes primary keys, never model instances, and is registered under an explicit ``name``.
Services queue them by that name through ``crm.queueing.queue_task`` (after the transaction
commits, so the worker sees what the request wrote); ``crm.apps`` imports this package so
every task is registered in the web process too."""

from crm.tasks import (
    billing,  # noqa: F401, E402 (registers the billing tasks)
    heartbeat,  # noqa: F401, E402 (registers the task with the worker)
    outbox,  # noqa: F401, E402
)
