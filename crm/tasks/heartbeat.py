"""The worker's heartbeat: beat queues it every minute, the worker stamps the time in the
shared cache, and ``/api/health`` reports how long ago that was."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker:heartbeat"
HEARTBEAT_TTL = 24 * 3600


@shared_task(name="crm.tasks.heartbeat.heartbeat", ignore_result=True)
def heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=HEARTBEAT_TTL)


def last_heartbeat() -> str | None:
    """When the worker last answered (ISO 8601), or None if it never has (or the cache forgot)."""
    return cache.get(HEARTBEAT_KEY)
