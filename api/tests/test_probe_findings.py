"""Probe findings on the API (issue 22): bodies the strict JSON parser refuses (every endpoint
and the anonymous web-to-lead), forged cursors, NUL in a filter and dates the database could
not give back. Each is a 400/422 with a message, never a 500."""

from base64 import b64encode

import pytest

from crm.middleware import NUL_REFUSED
from crm.models import Account, Activity, Lead
from crm.models.activities import OUT_OF_RANGE
from crm.strict_json import NOT_FINITE, NUMBER_TOO_LARGE, TOO_DEEP
from crm.tests.factories import AccountFactory, EventFactory

pytestmark = pytest.mark.django_db
ACCOUNTS = "/api/v1/accounts/"
WEB_TO_LEAD = "/api/v1/web-to-lead/"

BAD_BODIES = [
    ('{"name": "X", "n": Infinity}', NOT_FINITE),
    ('{"name": "X", "n": -Infinity}', NOT_FINITE),
    ('{"name": "X", "n": NaN}', NOT_FINITE),
    ('{"name": "X", "n": 1e400}', NUMBER_TOO_LARGE),
    ("[" * 5_000, TOO_DEEP),
    ('{"a": ' * 5_000, TOO_DEEP),
]


@pytest.fixture
def api(admin_api):
    admin_api.raise_request_exception = False  # a 500 is an answer here, as with DEBUG off
    return admin_api


def assert_parse_error(response, message):
    assert response.status_code == 400, response.content[:200]
    assert response.json()["detail"] == message


@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_api_json_endpoints_refuse_bad_bodies(api, body, message):
    response = api.post(ACCOUNTS, body, content_type="application/json")
    assert_parse_error(response, message)
    assert not Account.objects.exists()


@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_web_to_lead_refuses_bad_bodies(client, body, message):
    client.raise_request_exception = False
    response = client.post(WEB_TO_LEAD, body, content_type="application/json")
    assert_parse_error(response, message)


def test_ordinary_json_still_creates(api):
    response = api.post(ACCOUNTS, '{"name": "Acme"}', content_type="application/json")
    assert response.status_code == 201, response.content[:300]


def cursor(raw: str) -> str:
    return b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    ("ordering", "raw"),
    [
        ("", "p=%00"),
        ("", "p=1e400"),
        ("", "p=" + "9" * 5_000),
        ("", "p=" + "9" * 30),
        ("", "p=abc"),
        ("created_at", "p=%00"),
        ("created_at", "p=yesterday"),
        ("name", "p=" + "x" * 2_000),
    ],
)
def test_forged_cursor_is_400(api, ordering, raw):
    AccountFactory()
    params = {"cursor": cursor(raw), **({"ordering": ordering} if ordering else {})}
    response = api.get(ACCOUNTS, params)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"]["cursor"] == ["Invalid cursor"]


def test_cursors_we_send_still_page(api):
    for index in range(3):
        AccountFactory(name=f"Account {index}")
    for ordering in ("", "created_at", "name"):
        params = {"page_size": 2, **({"ordering": ordering} if ordering else {})}
        first = api.get(ACCOUNTS, params).json()
        second = api.get(first["next"]).json()
        assert len(first["results"]) == 2 and len(second["results"]) == 1


@pytest.mark.parametrize("query", ["search=%00", "status=%00", "name=a%00b", "%00=1"])
def test_nul_in_an_api_filter_is_400_json(api, query):
    response = api.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert response.json() == {"status": 400, "code": "bad_request", "detail": NUL_REFUSED}


def test_nul_in_a_web_to_lead_form_is_refused(client):
    form = {"key": "k", "last_name": "Null\x00", "company": "C"}
    response = client.post(WEB_TO_LEAD, form)  # multipart, as an HTML form may send it
    assert response.status_code == 400 and response.json()["detail"] == NUL_REFUSED
    assert not Lead.objects.exists()


def test_api_reschedule_out_of_range_is_refused(sales_api, sales_user):
    event = EventFactory(owner=sales_user)
    response = sales_api.post(
        f"/api/v1/activities/{event.pk}/reschedule/",
        {"start": "0001-01-02T00:00:00Z", "end": "0001-01-02T01:00:00Z"},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 422
    assert OUT_OF_RANGE in response.json()["errors"]["start_time"]
    assert Activity.objects.get(pk=event.pk).version == 1
