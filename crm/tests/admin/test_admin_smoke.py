"""Every registered admin page opens for an admin within a query budget, and every admin URL
sends anonymous visitors to the login page. Grows automatically with each registered model."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.tests import factories

pytestmark = pytest.mark.django_db
MAX_QUERIES_PER_PAGE = 40

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superadmin_client(client, crm_admin):
    # The Admin group covers the crm app; test-only apps need their permissions granted.
    crm_admin.user_permissions.add(*Permission.objects.exclude(content_type__app_label="crm"))
    client.force_login(crm_admin)
    return client


def test_every_registered_model_has_a_factory():
    missing = [m._meta.label for m, _ in MODEL_ADMINS if m not in factories.factory_for_model()]
    assert not missing, f"add a factory to crm/tests/factories.py for: {missing}"


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_admin_pages_open_within_query_budget(superadmin_client, crm_admin, model, model_admin):
    obj = factories.factory_for_model()[model]()
    pages = [url(model, "changelist"), url(model, "change", obj.pk), url(model, "history", obj.pk)]
    if model_admin.has_add_permission(_request_for(crm_admin)):
        pages.append(url(model, "add"))
    for page in pages:
        # A single-record admin (company information) opens its record from the list.
        follow = getattr(model_admin, "single_record", False)
        with CaptureQueriesContext(connection) as queries:
            response = superadmin_client.get(page, follow=follow)
        assert response.status_code == 200, page
        assert len(queries) <= MAX_QUERIES_PER_PAGE, f"{page}: {len(queries)} queries"


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_anonymous_visitors_are_sent_to_login(client, crm_admin, model, model_admin):
    obj = factories.factory_for_model()[model]()
    for page in (
        url(model, "changelist"),
        url(model, "add"),
        url(model, "change", obj.pk),
        url(model, "history", obj.pk),
    ):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith("/login/"), page


def test_home_and_portal_require_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
