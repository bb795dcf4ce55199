"""Settings for more than one instance (README "Running more than one instance"): the cache,
sessions, axes' lockouts, upload storage and proxy headers all come from the environment; the
health endpoints say which instance answered. The two-instance drill (deploy/drill) is the
integration test; these pin each variable."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.topology import (
    AXES_HANDLER,
    FILE_BACKEND,
    LOCMEM_BACKEND,
    REDIS_BACKEND,
    S3_BACKEND,
    cache_settings,
    instance_name,
    media_storage,
)
from config.topology import SESSION_ENGINE as PRODUCTION_SESSION_ENGINE

BASE_DIR = Path(settings.BASE_DIR)


# --- CACHE_URL --------------------------------------------------------------------------------
def test_cache_defaults_to_local_memory_when_cache_url_is_unset():
    assert cache_settings({}) == {"default": {"BACKEND": LOCMEM_BACKEND, "KEY_PREFIX": "crm"}}
    assert cache_settings({"CACHE_URL": "locmem://"})["default"]["BACKEND"] == LOCMEM_BACKEND


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/1", "rediss://cache.internal:6380/0", "unix:///run/r.sock"]
)
def test_cache_url_selects_the_shared_redis_cache(url):
    cache = cache_settings({"CACHE_URL": url, "CACHE_KEY_PREFIX": "crm-prod"})["default"]
    assert cache["BACKEND"] == REDIS_BACKEND
    assert cache["LOCATION"] == url
    assert cache["KEY_PREFIX"] == "crm-prod"
    # A dead Redis fails fast instead of hanging every request.
    assert cache["OPTIONS"] == {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


def test_cache_socket_timeout_comes_from_the_environment():
    env = {"CACHE_URL": "redis://r:6379/0", "CACHE_SOCKET_TIMEOUT": "0.25"}
    assert cache_settings(env)["default"]["OPTIONS"]["socket_timeout"] == 0.25


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL must be a redis://"),
        ({"CACHE_URL": "redis://r/0", "CACHE_SOCKET_TIMEOUT": "soon"}, "number of seconds"),
        ({"CACHE_URL": "redis://r/0", "CACHE_SOCKET_TIMEOUT": "0"}, "more than 0"),
    ],
)
def test_bad_cache_settings_are_refused_with_a_clear_message(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        cache_settings(env)


def test_redis_cache_backend_talks_to_a_real_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379 (the drill requires one)")
    from django.core.cache.backends.redis import RedisCache

    config = cache_settings({"CACHE_URL": "redis://127.0.0.1:6379/15"})["default"]
    cache = RedisCache(config["LOCATION"], {"KEY_PREFIX": "crm-test", **config})
    token = secrets.token_hex(8)
    cache.set("settings-test", token, timeout=5)
    assert cache.get("settings-test") == token
    cache.delete("settings-test")


# --- sessions and axes ---------------------------------------------------------------------
CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_cached_db_session_survives_a_cache_flush(client, sales_user, settings):
    """What lets any instance answer any user: the session is in the shared cache and in the
    database, so a Redis restart (an empty cache) signs nobody out."""
    from django.core.cache import cache

    settings.SESSION_ENGINE = PRODUCTION_SESSION_ENGINE
    client.force_login(sales_user)
    assert client.get("/crm/account/").status_code == 200
    cache.clear()
    assert client.get("/crm/account/").status_code == 200
    client.logout()  # ends it in both places
    assert client.get("/crm/account/").status_code == 302


def test_axes_keeps_lockouts_in_the_shared_database():
    assert AXES_HANDLER == settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


# --- storage -------------------------------------------------------------------------------
def test_uploads_default_to_the_private_local_directory():
    storage = media_storage({}, media_root="/srv/crm/private_media")
    assert storage == {"BACKEND": FILE_BACKEND, "OPTIONS": {"location": "/srv/crm/private_media"}}


def test_bucket_settings_select_a_private_s3_storage():
    env = {
        "AWS_STORAGE_BUCKET_NAME": "crm-files",
        "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000",
        "AWS_S3_REGION_NAME": "eu-west-1",
        "AWS_LOCATION": "prod",
    }
    storage = media_storage(env, media_root="/unused")
    assert storage["BACKEND"] == S3_BACKEND
    assert storage["OPTIONS"] == {
        "bucket_name": "crm-files",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "location": "prod",
        "endpoint_url": "https://minio.internal:9000",
        "region_name": "eu-west-1",
    }


def test_a_public_bucket_acl_is_refused():
    env = {"AWS_STORAGE_BUCKET_NAME": "crm-files", "AWS_DEFAULT_ACL": "public-read"}
    with pytest.raises(ImproperlyConfigured, match="must stay private"):
        media_storage(env, media_root="/unused")


# --- the instance's name --------------------------------------------------------------------
def test_instance_name_comes_from_the_environment_else_host_and_pid():
    assert instance_name({"CRM_INSTANCE_NAME": "app-b"}) == "app-b"
    assert instance_name({}) == f"{socket.gethostname()}:{os.getpid()}"


# --- the real settings module, loaded as production loads it ---------------------------------
def _load_production_settings(tmp_path: Path, **extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CRM_", "SECURE_", "DATABASE_", "CACHE_", "AWS_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="crm.example.com",
        CSRF_TRUSTED_ORIGINS="https://crm.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        CRM_PRIVATE_MEDIA_ROOT=str(tmp_path / "media"),
        **extra,
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        'from django.core.files.storage import storages; d = storages["default"]; '
        "print(json.dumps({'cache': s.CACHES['default'], 'storage': s.STORAGES['default'], "
        "'storage_class': type(d).__name__, 'proxy': s.SECURE_PROXY_SSL_HEADER, "
        "'forwarded_host': s.USE_X_FORWARDED_HOST, 'instance': s.CRM_INSTANCE_NAME, "
        "'session': s.SESSION_ENGINE, 'axes': s.AXES_HANDLER, "
        "'hosts': s.ALLOWED_HOSTS, 'origins': s.CSRF_TRUSTED_ORIGINS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_behind_nginx_with_redis_and_a_bucket(tmp_path):
    loaded = _load_production_settings(
        tmp_path,
        CACHE_URL="redis://10.0.0.5:6379/2",
        AWS_STORAGE_BUCKET_NAME="crm-files",
        AWS_S3_ENDPOINT_URL="https://minio.internal:9000",
        USE_X_FORWARDED_HOST="true",
        CRM_INSTANCE_NAME="app-a",
    )
    assert loaded["cache"]["BACKEND"] == REDIS_BACKEND
    assert loaded["cache"]["LOCATION"] == "redis://10.0.0.5:6379/2"
    assert loaded["storage"]["BACKEND"] == S3_BACKEND
    assert loaded["storage_class"] == "S3Storage"  # django-storages and boto3 are installed
    assert loaded["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["forwarded_host"] is True
    assert loaded["instance"] == "app-a"
    assert loaded["session"] == CACHED_DB
    assert loaded["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert loaded["hosts"] == ["crm.example.com"]
    assert loaded["origins"] == ["https://crm.example.com"]


def test_production_settings_default_to_local_cache_and_private_directory(tmp_path):
    loaded = _load_production_settings(tmp_path)
    assert loaded["cache"]["BACKEND"] == LOCMEM_BACKEND
    assert loaded["storage"] == {
        "BACKEND": FILE_BACKEND,
        "OPTIONS": {"location": str(tmp_path / "media")},
    }
    assert loaded["storage_class"] == "FileSystemStorage"
    assert loaded["forwarded_host"] is False


# --- health: readiness and liveness -----------------------------------------------------------
@pytest.mark.django_db
def test_health_is_503_when_the_cache_is_down(client, monkeypatch):
    from crm.views import health as health_module

    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(health_module.cache, "set", refuse)
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "instance": settings.CRM_INSTANCE_NAME}
    assert "no-cache" in response["Cache-Control"]


# --- deploy/: the nginx template the drill and docker-compose both use -------------------------
NGINX_CONF = (BASE_DIR / "deploy" / "nginx.conf").read_text()


def _render_nginx():
    sys.path.insert(0, str(BASE_DIR / "deploy"))
    try:
        from render_nginx import PLACEHOLDER, render
    finally:
        sys.path.remove(str(BASE_DIR / "deploy"))
    return PLACEHOLDER, render


def test_nginx_body_limit_covers_the_largest_upload_and_import():
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", NGINX_CONF).group(1))
    import_bytes = getattr(settings, "CRM_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    largest = max(settings.CRM_MAX_UPLOAD_MB * 1024 * 1024, import_bytes)
    assert largest < limit_mb * 1024 * 1024 <= largest + 2 * 1024 * 1024


def test_nginx_retries_only_what_is_safe_to_retry():
    retry = re.search(r"^\s*proxy_next_upstream ([^;]+);", NGINX_CONF, re.M).group(1).split()
    assert retry == ["error", "timeout", "http_502", "http_503"]
    assert "non_idempotent" not in NGINX_CONF.replace("(no `non_idempotent`", "")
    assert NGINX_CONF.count("max_fails=3 fail_timeout=10s") >= 2  # two upstreams at least


def test_nginx_template_refuses_unset_placeholders_and_fills_the_rest():
    placeholder, render = _render_nginx()
    names = set(placeholder.findall(NGINX_CONF))
    assert {"CRM_APP_1", "CRM_APP_2", "CRM_STATIC_ROOT"} <= names
    with pytest.raises(SystemExit, match="CRM_APP_2"):
        render(NGINX_CONF, {name: "x" for name in names - {"CRM_APP_2"}})
    filled = render(NGINX_CONF, {name: f"<{name}>" for name in names})
    assert "${CRM_" not in filled and "server <CRM_APP_1> max_fails" in filled
    assert "$proxy_add_x_forwarded_for" in filled  # nginx's own variables are left alone


def test_docker_compose_fills_every_nginx_placeholder():
    placeholder, _ = _render_nginx()
    compose = (BASE_DIR / "deploy" / "docker-compose.yml").read_text()
    nginx_service = compose[compose.index("  nginx:") :]
    for name in set(placeholder.findall(NGINX_CONF)):
        assert f"{name}:" in nginx_service, name
