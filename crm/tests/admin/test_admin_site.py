"""crm/admin_site.py: Django's list of installed apps is built only where a page shows it."""

from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin import sites
from django.urls import reverse
from unfold.sites import UnfoldAdminSite

from crm.admin_site import CrmAdminSite

pytestmark = pytest.mark.django_db


def test_our_site_is_the_admin_site_every_model_registered_on():
    assert isinstance(admin.site, CrmAdminSite) and sites.site is admin.site
    assert isinstance(admin.site, UnfoldAdminSite)
    assert len(admin.site._registry) > 25


@pytest.mark.parametrize(
    "page", ["admin:crm_account_changelist", "admin:crm_invoice_changelist", "admin:index"]
)
def test_a_page_that_does_not_show_the_app_list_does_not_build_it(crm_admin_client, page):
    with mock.patch.object(UnfoldAdminSite, "_build_app_dict") as build:
        response = crm_admin_client.get(reverse(page))
    assert response.status_code == 200
    build.assert_not_called()


def _models_listed(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("admin:app_list", args=["crm"]))
    assert response.status_code == 200
    return [m["object_name"] for m in response.context["app_list"][0]["models"]]


def test_the_app_list_is_built_where_a_page_reads_it(client, crm_admin, sales_user):
    admins = _models_listed(client, crm_admin)
    assert {"Account", "Invoice", "User"} <= set(admins)
    # As before: only what the user may see.
    sellers = _models_listed(client, sales_user)
    assert "Account" in sellers and "User" not in sellers
    # An app with nothing the user may see: Django's 404 (the lazy list reads as empty).
    assert client.get(reverse("admin:app_list", args=["pathapp"])).status_code == 404
