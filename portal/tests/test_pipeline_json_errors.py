"""The Kanban's JSON endpoints answer JSON to every bad request (never an HTML 400/403/500)."""

import json

import pytest
from django.test import Client

from crm.http import CSRF_FAILED, TOO_DEEP, TOO_LARGE
from crm.models.opportunities import Opportunity, Stage
from crm.tests.factories import OpportunityFactory
from portal.views.pipeline import NO_VERSION

pytestmark = pytest.mark.django_db
MOVE = "/portal/pipeline/move/"


def post(client, body, **headers):
    return client.post(MOVE, body, content_type="application/json", **headers)


def assert_json_error(response, status, message=None):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["ok"] is False and data["error"]
    if message:
        assert data["error"] == message


@pytest.mark.parametrize("version", [None, "", "abc", [1], {"v": 1}])
def test_move_without_an_integer_version_is_refused(sales_client, sales_user, version):
    deal = OpportunityFactory(owner=sales_user)
    body = {"id": deal.pk, "stage": Stage.PROPOSAL}
    if version is not None:
        body["version"] = version
    response = post(sales_client, json.dumps(body))
    assert_json_error(response, 400, NO_VERSION if version in (None, "") else None)
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.QUALIFYING


def test_deeply_nested_body_is_400_json(sales_client):
    assert_json_error(post(sales_client, "[" * 20_000 + "]" * 20_000), 400, TOO_DEEP)
    nested = json.dumps({"id": 1, "version": 1, "stage": "proposal", "x": [[[[[[[[[[1]]]]]]]]]]})
    assert_json_error(post(sales_client, nested), 400, TOO_DEEP)


def test_oversized_body_is_400_json(sales_client):
    body = json.dumps({"id": 1, "version": 1, "stage": "proposal", "pad": "x" * 3_000_000})
    assert_json_error(post(sales_client, body), 400, TOO_LARGE)


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "\xff"])
def test_unreadable_body_is_400_json(sales_client, body):
    assert_json_error(post(sales_client, body), 400)


def test_csrf_failure_from_a_script_is_403_json(sales_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    deal = OpportunityFactory(owner=sales_user)
    body = json.dumps({"id": deal.pk, "version": 1, "stage": Stage.PROPOSAL})
    response = post(client, body, HTTP_ACCEPT="application/json")
    assert_json_error(response, 403, CSRF_FAILED)
    fetch = post(client, body, HTTP_SEC_FETCH_MODE="cors", HTTP_ACCEPT="*/*")
    assert_json_error(fetch, 403, CSRF_FAILED)
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.QUALIFYING


def test_csrf_failure_of_a_form_stays_an_html_page(sales_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    response = client.post("/crm/account/add/", {"name": "X"}, HTTP_ACCEPT="text/html")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT": "text/html", "HTTP_SEC_FETCH_MODE": "navigate"},
        {"HTTP_HX_REQUEST": "true", "HTTP_SEC_FETCH_MODE": "cors", "HTTP_ACCEPT": "*/*"},
    ],
)
def test_csrf_failure_of_a_page_or_htmx_request_is_html(sales_user, headers):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    response = client.post("/crm/account/add/", {"name": "X"}, **headers)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
