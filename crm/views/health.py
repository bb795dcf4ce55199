"""Health checks for the load balancer and uptime monitors. No auth, no data.

* ``/api/health/live`` — liveness: the process answers; touches nothing else.
* ``/api/health`` — readiness: the database and the cache both answer (503 otherwise). It
  also reports the background worker: ``in-process`` when no broker is set (tasks run in the
  request), else when its last heartbeat arrived (a silent worker does not make the instance
  unready: the web keeps serving while the worker is fixed).

Both say which instance answered (``CRM_INSTANCE_NAME``, else host name and pid), so an
operator can tell the instances behind nginx apart."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.tasks.heartbeat import last_heartbeat

# One key per probe: probes running at once in one instance (threads, workers) must not read
# each other's value back and report a healthy cache as down.
CACHE_PROBE_KEY = "health:probe:{instance}:{token}"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_ok() -> bool:
    """Write and read back a short-lived value (a shared Redis or the local memory cache)."""
    token = uuid.uuid4().hex
    key = CACHE_PROBE_KEY.format(instance=settings.CRM_INSTANCE_NAME, token=token)
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
        return answered
    except Exception:  # noqa: BLE001 — any cache client error (connection, timeout) is "down"
        return False


def _worker_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"mode": "in-process"}
    stamp = last_heartbeat()
    seen = parse_datetime(stamp) if stamp else None
    if seen is None:
        return {"mode": "broker", "last_heartbeat": None, "seconds_ago": None}
    ago = int((timezone.now() - seen).total_seconds())
    return {"mode": "broker", "last_heartbeat": stamp, "seconds_ago": ago}


@never_cache
@require_GET
def health(request):
    database, cache_state = _database_ok(), _cache_ok()
    body = {
        "status": "ok" if database and cache_state else "error",
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_state else "unavailable",
        "instance": settings.CRM_INSTANCE_NAME,
        "worker": _worker_state() if cache_state else {"mode": "unknown"},
    }
    return JsonResponse(body, status=200 if database and cache_state else 503)


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok", "instance": settings.CRM_INSTANCE_NAME})
