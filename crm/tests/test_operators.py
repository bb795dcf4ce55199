"""Operators never meet a 500 from set-up: the release step collects static files, DEBUG off
without the static manifest refuses to start, `manage.py demo` twice is once whatever users
added, and emailed links open the host the app is used on."""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core import checks, mail
from django.core.management import call_command
from django.test import override_settings

from crm.checks import COLLECTSTATIC, SERVING, static_manifest_check
from crm.models import Account, Case
from crm.services import users as user_services
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    OpportunityFactory,
    TaskFactory,
    UserFactory,
)

BASE_DIR = Path(settings.BASE_DIR)
MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_the_release_step_collects_static_files_then_migrates():
    procfile = (BASE_DIR / "Procfile").read_text()
    release = re.search(r"^release: (.+)$", procfile, re.M).group(1)
    assert release == f"{COLLECTSTATIC} && python manage.py migrate"


# --- DEBUG off without the static manifest ---------------------------------------------------
def test_debug_off_without_a_manifest_is_an_error_naming_the_command(tmp_path):
    with override_settings(DEBUG=False, STATIC_ROOT=str(tmp_path), STORAGES=MANIFEST_STORAGE):
        errors = static_manifest_check()
        assert [e.id for e in errors] == ["crm.E001"]
        assert errors[0].level == checks.ERROR
        assert COLLECTSTATIC in errors[0].hint
        # Registered: `manage.py check`, runserver and migrate fail on it …
        assert "crm.E001" in [e.id for e in checks.run_checks()]
        # … but not collectstatic (it runs only the staticfiles checks), the cure.
        assert "crm.E001" not in [e.id for e in checks.run_checks(tags=[checks.Tags.staticfiles])]

        (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
        assert static_manifest_check() == []
        assert checks.run_checks(tags=[SERVING]) == []


def test_debug_on_or_plain_storage_needs_no_manifest(tmp_path):
    with override_settings(DEBUG=True, STATIC_ROOT=str(tmp_path), STORAGES=MANIFEST_STORAGE):
        assert static_manifest_check() == []
    with override_settings(DEBUG=False, STATIC_ROOT=str(tmp_path)):
        assert static_manifest_check() == []  # the test settings' plain storage


def _load_wsgi(
    tmp_path, static_root: Path, code="import config.wsgi"
) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CRM_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="operators-test-" + "k" * 60,
        ALLOWED_HOSTS="crm.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(static_root),
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gunicorns_entry_point_refuses_to_load_without_the_manifest(tmp_path):
    """gunicorn runs no system checks: config.wsgi itself refuses (the worker fails to boot)."""
    static_root = tmp_path / "static"
    static_root.mkdir()
    refused = _load_wsgi(tmp_path, static_root)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and COLLECTSTATIC in refused.stderr
    (static_root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    loaded = _load_wsgi(tmp_path, static_root)
    assert loaded.returncode == 0, loaded.stderr


def test_a_server_process_sets_its_start_up_heap_aside_from_full_collections(tmp_path):
    """config/heap.py: what the process loaded before its first request (apps, admin, URLconf)
    is frozen, so the collector's full passes no longer walk it (110 ms -> 20 ms each)."""
    static_root = tmp_path / "static"
    static_root.mkdir()
    (static_root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    code = "import gc, config.wsgi; from crm.admin import kit; print(gc.get_freeze_count())"
    loaded = _load_wsgi(tmp_path, static_root, code)
    assert loaded.returncode == 0, loaded.stderr
    assert int(loaded.stdout) > 100_000


# --- manage.py demo twice is once, whatever users added --------------------------------------
def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count() for m in apps.get_app_config("crm").get_models()
    }


@pytest.mark.django_db
def test_demo_twice_adds_nothing_and_moves_nothing_after_users_added_data():
    call_command("demo", "--no-serve", stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo_cases = dict(Case.objects.values_list("pk", "account_id"))
    assert len(demo_cases) == 25
    # A colleague's own work, including accounts that sort before every demo client and an
    # open deal without products (the kind the demo fills for its converted leads).
    colleague = UserFactory()
    for name in ("AAA Agency", "Aardvark Bakery", "Abacus Law"):
        account = AccountFactory(name=name, owner=colleague)
        ContactFactory(account=account, owner=colleague)
        CaseFactory(account=account, owner=colleague)
        TaskFactory(owner=colleague, related_account=account)
    bare_deal = OpportunityFactory(account=Account.objects.get(name="AAA Agency"), owner=colleague)
    before = _counts()

    call_command("demo", "--no-serve", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert _counts() == before
    assert dict(Case.objects.filter(pk__in=demo_cases).values_list("pk", "account_id")) == (
        demo_cases
    )
    assert not bare_deal.line_items.exists()


# --- emailed links ---------------------------------------------------------------------------
def _link(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


WELCOME = {"first_name": "Jane", "last_name": "Doe", "email": "jane@x.com", "role": "user"}


@pytest.mark.django_db
def test_welcome_email_links_to_the_host_the_request_came_to(
    crm_admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        crm_admin_client.post("/crm/user/add/", WELCOME, HTTP_HOST="testserver:8080")
    assert _link(mail.outbox[0]).startswith("http://testserver:8080/accounts/reset/")


@pytest.mark.django_db
@override_settings(CRM_SITE_URL="https://crm.example.com", CRM_SITE_URL_EXPLICIT=True)
def test_an_explicit_crm_site_url_wins_for_welcome_and_reset_emails(
    crm_admin_client, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        crm_admin_client.post("/crm/user/add/", WELCOME, HTTP_HOST="testserver:8080")
    assert _link(mail.outbox[0]).startswith("https://crm.example.com/accounts/reset/")

    client.post("/accounts/password-reset/", {"email": "jane@x.com"}, HTTP_HOST="testserver:8080")
    assert _link(mail.outbox[-1]).startswith("https://crm.example.com/accounts/reset/")


@pytest.mark.django_db
def test_password_reset_email_follows_the_request_when_unset(client):
    UserFactory(email="jane@x.com")
    client.post("/accounts/password-reset/", {"email": "jane@x.com"}, HTTP_HOST="testserver:8080")
    assert _link(mail.outbox[0]).startswith("http://testserver:8080/accounts/reset/")


@pytest.mark.django_db
def test_a_welcome_email_outside_a_request_uses_the_setting():
    user = UserFactory()
    user_services.send_welcome_email(user)
    assert _link(mail.outbox[0]).startswith(settings.CRM_SITE_URL + "/accounts/reset/")


@pytest.mark.django_db
@pytest.mark.parametrize("explicit", [False, True])
def test_demo_port_sets_the_site_url_of_the_served_process(explicit):
    served = {}

    def fake_call_command(name, *args, **kwargs):
        if name == "runserver":
            served["site_url"] = settings.CRM_SITE_URL

    site = {"CRM_SITE_URL": "https://crm.example.com", "CRM_SITE_URL_EXPLICIT": explicit}
    with (
        override_settings(**site),
        mock.patch("crm.management.commands.demo.SEEDERS", []),
        mock.patch("crm.management.commands.demo.call_command", fake_call_command),
    ):
        call_command("demo", "--port", "8080", stdout=open(os.devnull, "w"))  # noqa: SIM115
    expected = "https://crm.example.com" if explicit else "http://127.0.0.1:8080"
    assert served["site_url"] == expected
