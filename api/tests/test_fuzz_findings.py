"""What deploy/fuzz-api (schemathesis) found in the kit, pinned: unrouted /api/v1/ URLs answer
the JSON 404 (not the admin's sign-in redirect or CSRF page), a foreign cursor is 400, and
date-time filters with any valid ISO 8601 offset never reach PostgreSQL unconverted."""

import pytest

from api.kit.filters import OUT_OF_RANGE
from api.routes import ROUTES

pytestmark = pytest.mark.django_db
PREFIX = ROUTES[0][0]


@pytest.mark.parametrize("method", ["get", "patch", "post"])
def test_unrouted_api_url_is_the_json_404(admin_api, method):
    response = getattr(admin_api, method)(f"/api/v1/{PREFIX}/0.5/", {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found."}


def test_unrouted_write_from_a_session_is_404_not_a_csrf_page(client, crm_admin):
    client.force_login(crm_admin)
    response = client.patch(f"/api/v1/{PREFIX}/x/", "{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_cursor_we_did_not_send_is_400(admin_api):
    response = admin_api.get(f"/api/v1/{PREFIX}/", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"cursor": ["Invalid cursor"]}


def test_date_time_filter_with_a_large_offset_is_converted_to_utc(admin_api):
    response = admin_api.get(f"/api/v1/{PREFIX}/", {"created_after": "0322-03-06T21:58:29+23:48"})
    assert response.status_code == 200


def test_date_time_filter_outside_the_calendar_after_conversion_is_400(admin_api):
    response = admin_api.get(f"/api/v1/{PREFIX}/", {"updated_before": "0001-01-01T00:00:00+10:00"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"updated_before": [OUT_OF_RANGE]}


def _list_filters():
    """(prefix, filter name) for every id filter of every routed list."""
    from api.kit.filters import IdField

    for prefix, viewset in ROUTES:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        for name, item in filterset_class().filters.items():
            if item.field_class is IdField:
                yield prefix, name


ID_FILTERS = list(_list_filters())


def test_every_relation_filter_reads_ids():
    names = {name for _, name in ID_FILTERS}
    assert {"owner", "account", "opportunity", "contract", "campaign"} <= names
    assert len(ID_FILTERS) > 40


@pytest.mark.parametrize(("prefix", "name"), ID_FILTERS)
def test_an_id_filter_out_of_range_is_400_not_a_500(admin_api, prefix, name):
    response = admin_api.get(f"/api/v1/{prefix}/", {name: "-2.684599467652523e+28"})
    assert response.status_code == 400, (prefix, name, response.content[:200])
    assert name in response.json()["errors"]


@pytest.mark.parametrize("value", ["9" * 25, "1.5", "0", "-1", "²"])
def test_an_id_filter_reads_whole_ids_only(admin_api, value):
    response = admin_api.get(f"/api/v1/{PREFIX}/", {"owner": value})
    assert response.status_code == 400 and "owner" in response.json()["errors"]
