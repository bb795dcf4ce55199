"""`manage.py demo` serves the app as a client sees it: its own 404 (never Django's debug page
listing the URL patterns), with static files still served from the apps' folders."""

from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from crm.management.commands import demo

pytestmark = pytest.mark.django_db


def test_the_demo_server_runs_with_debug_off_and_static_files_found():
    seen = {}

    def runserver(name, address, **options):
        seen.update(name=name, address=address, debug=settings.DEBUG)
        seen["autorefresh"] = settings.WHITENOISE_AUTOREFRESH

    with override_settings(DEBUG=True), mock.patch.object(demo, "call_command", runserver):
        demo.serve("127.0.0.1", "8123")
    assert seen == {
        "name": "runserver",
        "address": "127.0.0.1:8123",
        "debug": False,
        "autorefresh": True,
    }


@override_settings(DEBUG=False, WHITENOISE_AUTOREFRESH=True)
def test_with_the_demos_settings_an_unknown_url_is_the_apps_404_and_css_is_served(
    crm_admin_client,
):
    response = crm_admin_client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We couldn't find that page." in body
    assert "URLconf" not in body and "Using the URLconf" not in body
    css = crm_admin_client.get("/static/crm/lightning.css")
    assert css.status_code == 200
