"""Health endpoint, JSON request logs, JSON error helper, Home page and sidebar."""

import json
import logging

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import JsonResponse

from crm.errors import STALE_RECORD_MESSAGE, BusinessRuleError, ConcurrencyError
from crm.http import json_error_response

pytestmark = pytest.mark.django_db


def test_health_ok(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "instance": settings.CRM_INSTANCE_NAME,
        "worker": {"mode": "in-process"},
    }


def test_health_reports_the_workers_last_heartbeat(client, settings):
    from crm.tasks.heartbeat import heartbeat

    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert client.get("/api/health").json()["worker"] == {
        "mode": "broker",
        "last_heartbeat": None,
        "seconds_ago": None,
    }
    heartbeat()
    worker = client.get("/api/health").json()["worker"]
    assert worker["mode"] == "broker" and worker["last_heartbeat"]
    assert 0 <= worker["seconds_ago"] < 5


def test_health_503_when_database_unreachable(client, monkeypatch):
    from crm.views import health as health_module

    class DeadCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health_module.connection, "cursor", lambda: DeadCursor())
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "cache": "ok",
        "instance": settings.CRM_INSTANCE_NAME,
        "worker": {"mode": "in-process"},
    }


def test_health_probes_running_at_once_do_not_read_each_others_value(client, monkeypatch):
    """Under load many probes run together in one instance; none may report the cache down."""
    from crm.views import health as health_module

    real_set, nested = health_module.cache.set, []

    def set_then_another_probe(key, value, timeout=None):
        real_set(key, value, timeout=timeout)
        if not nested:  # a second request's probe runs between this one's set and get
            nested.append("running")
            nested[0] = health_module._cache_ok()

    monkeypatch.setattr(health_module.cache, "set", set_then_another_probe)
    response = client.get("/api/health")
    assert nested == [True]
    assert response.status_code == 200 and response.json()["cache"] == "ok"


def test_postgresql_connections_run_without_jit(postgres_only):
    """JIT compiled for longer than the list queries ran (config/settings.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_request_log_line_is_json_without_secrets(client, sales_user, capsys):
    from config.logging import LOGGING

    logging.config.dictConfig(LOGGING)
    client.post("/login/", {"username": sales_user.email, "password": "Correct-Horse-42"})
    client.get("/")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    requests = [line for line in lines if line.get("message") == "request"]
    assert {"method", "path", "status", "duration_ms", "user_id"} <= set(requests[-1])
    assert requests[-1]["path"] == "/" and requests[-1]["user_id"] == sales_user.pk
    raw = json.dumps(lines)
    assert "Correct-Horse-42" not in raw and sales_user.email not in raw


def test_json_error_helper_maps_rule_to_400_and_conflict_to_409():
    rule = json_error_response(BusinessRuleError("Lost needs a reason."))
    conflict = json_error_response(ConcurrencyError())
    assert isinstance(rule, JsonResponse) and rule.status_code == 400
    assert json.loads(rule.content) == {"ok": False, "error": "Lost needs a reason."}
    assert conflict.status_code == 409
    assert json.loads(conflict.content)["error"] == STALE_RECORD_MESSAGE
    with pytest.raises(KeyError):
        json_error_response(KeyError("a bug is not a business refusal"))


def test_home_welcomes_the_user_and_links_only_what_they_may_open(crm_admin_client):
    html = crm_admin_client.get("/").content.decode()
    assert "Welcome, Ada" in html and "ada@agency.example" in html
    assert 'href="/crm/user/"' in html  # Settings → Users, for admins


def test_sales_user_home_and_sidebar_hide_user_management(sales_client):
    response = sales_client.get("/")
    html = response.content.decode()
    assert "Welcome, Sam" in html and "Sales user" in html
    assert 'href="/crm/user/"' not in html
    titles = [
        item["title"] for group in response.context["sidebar_navigation"] for item in group["items"]
    ]
    assert "Users" not in titles and "Home" in titles


def test_sidebar_shows_only_existing_pages(crm_admin_client):
    from crm.navigation import NAVIGATION, visible_entries

    response = crm_admin_client.get("/")
    user = response.wsgi_request.user
    shown = {entry.url_name for _, entries in visible_entries(user) for entry, _ in entries}
    assert "admin:index" in shown and "admin:crm_user_changelist" in shown
    declared = {entry.url_name for _, entries in NAVIGATION for entry in entries}
    from django.urls import NoReverseMatch, reverse

    for name in declared - shown:
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_environment_badge_and_brand_colour(crm_admin_client, settings):
    html = crm_admin_client.get("/").content.decode()
    assert "DEV" in html
    from unfold.utils import convert_color

    assert f"--color-primary-600: {convert_color('#0176D3')};" in html
    assert "crm/lightning" in html


def test_command_palette_searches_registered_models(crm_admin_client, sales_user):
    response = crm_admin_client.get("/search/?s=Seller")
    assert response.status_code == 200
    assert "Sam Seller" in response.content.decode()


def test_security_headers(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_error_log_line_has_traceback_and_no_request_data(capsys):
    from django.test import RequestFactory

    from config.logging import LOGGING

    logging.config.dictConfig(LOGGING)
    request = RequestFactory().post("/crm/user/add/", {"password": "Hunter2-secret"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["level"] == "ERROR" and "RuntimeError: boom" in line["exc_info"]
    assert line["path"] == "/crm/user/add/"
    assert "Hunter2-secret" not in json.dumps(line)


def test_unknown_page_gives_a_styled_404(crm_admin_client):
    response = crm_admin_client.get("/crm/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page." in response.content.decode()
