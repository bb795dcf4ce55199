"""Settings that let two or more app instances serve the same users (README "Running more than
one instance"). Each builder reads a mapping (``os.environ`` in settings.py, a plain dict in
the tests) and returns plain settings values; nothing here imports Django's runtime.

* Cache: ``CACHE_URL`` — ``redis://host:6379/1`` (or ``rediss://``, ``unix://``) is Django's
  built-in Redis cache, shared by every instance; unset or ``locmem://`` is a per-process
  local-memory cache (one instance only).
* Sessions: ``cached_db`` — read from the cache, written to the cache *and* the database, so a
  session survives a cache flush and is seen by every instance.
* Login lockout: django-axes' database handler (the database is what the instances share).
* Uploads: the ``default`` storage — a private local directory (``CRM_PRIVATE_MEDIA_ROOT``;
  shared between machines by a network mount), or an S3-compatible bucket through
  django-storages when ``AWS_STORAGE_BUCKET_NAME`` is set. Either way no URL serves the files:
  the download view streams them to users allowed to see the record.
"""

import os
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = {"redis", "rediss", "unix"}
LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_BACKEND = "django.core.files.storage.FileSystemStorage"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}


def _get(environ: Mapping[str, str], name: str, default: str = "") -> str:
    return (environ.get(name) or default).strip()


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = _get(environ, name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {raw!r}.") from None
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be more than 0 seconds.")
    return value


def cache_settings(environ: Mapping[str, str]) -> dict:
    """CACHES from ``CACHE_URL``; Redis socket timeouts keep a dead cache from hanging."""
    url = _get(environ, "CACHE_URL")
    prefix = _get(environ, "CACHE_KEY_PREFIX", "crm")
    scheme = urlsplit(url).scheme.lower() if url else "locmem"
    if scheme == "locmem":
        return {"default": {"BACKEND": LOCMEM_BACKEND, "KEY_PREFIX": prefix}}
    if scheme not in REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"CACHE_URL must be a redis://, rediss:// or unix:// URL (or locmem://), not {url!r}."
        )
    timeout = _seconds(environ, "CACHE_SOCKET_TIMEOUT", 1.0)
    return {
        "default": {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


def media_storage(environ: Mapping[str, str], *, media_root: str) -> dict:
    """STORAGES["default"]: an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, else
    the private local directory. Credentials stay in the environment (boto3 reads
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY itself), never in settings."""
    bucket = _get(environ, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": FILE_BACKEND, "OPTIONS": {"location": media_root}}
    acl = _get(environ, "AWS_DEFAULT_ACL", "private")
    if acl in PUBLIC_ACLS:
        raise ImproperlyConfigured(
            f"AWS_DEFAULT_ACL={acl!r} would publish attachments; they must stay private."
        )
    options = {
        "bucket_name": bucket,
        "default_acl": acl,
        "querystring_auth": True,  # any URL the storage hands out is signed and expires
        "file_overwrite": False,
        "location": _get(environ, "AWS_LOCATION"),
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        if _get(environ, name):
            options[option] = _get(environ, name)
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def instance_name(environ: Mapping[str, str] = os.environ) -> str:
    """Which instance answered (/api/health): CRM_INSTANCE_NAME, else host name and pid."""
    return _get(environ, "CRM_INSTANCE_NAME") or f"{socket.gethostname()}:{os.getpid()}"
