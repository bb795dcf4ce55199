"""A real Celery worker on a real Redis broker (issue 26): the worker process runs the
heartbeat (seen by /api/health through the shared cache) and a big import against the test
database. Skipped without PostgreSQL (the worker is another process: it cannot reach
SQLite's in-memory test database) or without Redis at 127.0.0.1:6379 (DB 7 queue, DB 8 cache)."""

import os
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from crm.models import ImportJobStatus, Lead
from crm.tests.import_jobs.conftest import csv_bytes, lead_rows, queued_job

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BROKER = "redis://127.0.0.1:6379/7"
CACHE = "redis://127.0.0.1:6379/8"
WAIT_SECONDS = 30


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(postgres_only, tmp_path):
    """A `celery -A config worker --pool=solo` on its own queue; yields a sender for it."""
    if not redis_answers():
        pytest.skip("needs Redis at 127.0.0.1:6379 (the real broker)")
    queue = f"crm-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "SECRET_KEY": "worker-test-key-not-for-production-0123456789abcdefghij",
        "DATABASE_URL": database_url(),  # pytest-django's test database
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": queue,
        "CACHE_URL": CACHE,
        "CRM_PRIVATE_MEDIA_ROOT": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    command += ["--hostname", f"{queue}@%h"]
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    sender = Celery("crm-test-sender", broker=BROKER)
    try:
        yield lambda name, *args: sender.send_task(name, args=args, queue=queue)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        sender.close()


def wait_for(check, what: str, log_dir):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    log = (log_dir / "worker.log").read_text()[-3000:]
    pytest.fail(f"the worker did not {what} within {WAIT_SECONDS} s; its log:\n{log}")


def test_a_real_worker_runs_the_heartbeat_and_a_big_import(
    worker, client, settings, tmp_path, sales_user
):
    # This process shares the worker's cache and file storage.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE,
            "KEY_PREFIX": "crm",
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from django.core.cache import cache

    from crm.tasks.heartbeat import HEARTBEAT_KEY

    cache.delete(HEARTBEAT_KEY)
    worker("crm.tasks.heartbeat.heartbeat")
    wait_for(lambda: cache.get(HEARTBEAT_KEY), "stamp the heartbeat", tmp_path)
    health = client.get("/api/health").json()["worker"]
    assert health["mode"] == "broker" and 0 <= health["seconds_ago"] < WAIT_SECONDS

    rows = lead_rows(600)
    job = queued_job(sales_user, csv_bytes(rows))
    worker("crm.tasks.imports.run_import", job.pk)

    def finished():
        job.refresh_from_db()
        return job.finished

    wait_for(finished, "finish the import", tmp_path)
    assert job.status == ImportJobStatus.DONE, job.message or job.errors
    assert (job.total_rows, job.rows_done, job.created_count) == (600, 600, 600)
    assert Lead.objects.filter(owner=sales_user).count() == 600
    assert not any(tmp_path.joinpath("imports").iterdir())  # the stored file is gone
    cache.delete(HEARTBEAT_KEY)
