"""Queueing background tasks (crm/tasks/, config/worker.py) by name, after the current
transaction commits.

Services queue work here and never import ``crm.tasks`` (the tasks call the services: the
layers point down). In-process mode (no broker) runs the task when the transaction commits;
with a broker the worker picks it up. Either way it sees the committed rows."""

from celery import current_app
from django.db import transaction


def queue_task(name: str, *args, **kwargs) -> None:
    """Queue the task registered as ``name`` once the surrounding transaction (if any) commits;
    nothing is queued if it rolls back."""
    transaction.on_commit(lambda: current_app.tasks[name].delay(*args, **kwargs))
