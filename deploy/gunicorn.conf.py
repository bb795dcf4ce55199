"""gunicorn settings shared by the Procfile, the systemd unit, docker-compose and deploy/drill.

Everything an operator tunes comes from the environment:
  GUNICORN_BIND          where this instance listens (a private address behind nginx, or
                         0.0.0.0:8000 in a container); else 0.0.0.0:$PORT when a platform
                         sets PORT (Procfile); else 127.0.0.1:8000
  WEB_CONCURRENCY        worker processes (gunicorn reads it itself; default 2 x cores + 1)
  GUNICORN_THREADS       threads per worker (default 4)
The timeouts are the ones deploy/nginx.conf is matched to: keep them in step."""

import multiprocessing
import os

if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"]
elif os.environ.get("PORT"):  # platforms that hand out a port (Procfile) expect all interfaces
    bind = f"0.0.0.0:{os.environ['PORT']}"
else:
    bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Threads: each worker accepts connections as they arrive and queues them to its threads, so
# on SIGTERM the requests already sent to this instance are answered rather than left in the
# socket's backlog (which the kernel resets when the socket closes). GUNICORN_THREADS=1 keeps
# one request per worker at a time.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# A worker silent for 30 s is killed and replaced (nginx's proxy_read_timeout is 35 s).
timeout = 30
# On SIGTERM: stop accepting, let requests in flight finish for up to 25 s, then exit. Within
# that window nginx sends new requests to the other instance (refused connections fail over).
graceful_timeout = 25
keepalive = 5
# Trust X-Forwarded-* only from the proxy in front (nginx on the same host by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request lines are logged by the app itself (config.request_log, JSON); errors go to stderr.
accesslog = None
errorlog = "-"
proc_name = os.environ.get("CRM_INSTANCE_NAME", "agency-crm")
