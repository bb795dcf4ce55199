"""crm.admin_site: Unfold's settings merged once per value of ``settings.UNFOLD``; every page's
context the same as Unfold's own."""

import pytest
from django.contrib import admin
from django.test import RequestFactory, override_settings
from unfold.sites import UnfoldAdminSite

from crm.admin_site import CrmAdminSite

pytestmark = pytest.mark.django_db
UNFOLDS_KEYS = (
    "site_title",
    "site_header",
    "site_subheader",
    "site_logo",
    "site_icon",
    "site_favicons",
    "theme",
    "border_radius",
    "colors",
    "styles",
    "scripts",
    "environment",
    "account_links",
    "form_classes",
    "show_history",
)


def context(user) -> dict:
    request = RequestFactory().get("/crm/")
    request.user = user
    return admin.site.each_context(request)


def test_the_context_is_unfolds_own_page_after_page(crm_admin, monkeypatch):
    first, second = context(crm_admin), context(crm_admin)
    monkeypatch.setattr(CrmAdminSite, "_get_config", UnfoldAdminSite._get_config)
    unfolds = context(crm_admin)
    for key in UNFOLDS_KEYS:
        assert first[key] == second[key] == unfolds[key], key
    assert first["colors"]["primary"]["600"]  # converted, and converted alike every time


def test_a_changed_setting_is_read_anew(crm_admin, settings):
    before = context(crm_admin)["site_title"]
    with override_settings(UNFOLD={**settings.UNFOLD, "SITE_TITLE": "Other CRM"}):
        assert context(crm_admin)["site_title"] == "Other CRM"
    assert context(crm_admin)["site_title"] == before
