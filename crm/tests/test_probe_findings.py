"""Probe findings fixed at their cause (issue 22): activity dates the database cannot give back
are refused by the model, the services and a constraint; the strict JSON reader; a NUL in a
query string or form field is a 400 on every URL, never a 500."""

import datetime
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from crm.errors import BusinessRuleError
from crm.middleware import FORM, NUL_REFUSED
from crm.models import Account, Activity, Attachment
from crm.models.activities import OUT_OF_RANGE
from crm.services.activities import create_activity, reschedule_event, update_activity
from crm.strict_json import (
    NOT_FINITE,
    NOT_JSON,
    NUMBER_TOO_LARGE,
    TOO_DEEP,
    TOO_LARGE,
    JsonRefused,
    strict_loads,
)
from crm.tests.factories import AccountFactory, EventFactory, TaskFactory

pytestmark = pytest.mark.django_db
PLUS_14 = datetime.timezone(datetime.timedelta(hours=14))
MINUS_14 = datetime.timezone(datetime.timedelta(hours=-14))
YEAR_ONE = datetime.datetime(1, 1, 1, tzinfo=PLUS_14)  # 1 BC in UTC: stored, never read back
TOO_LATE = datetime.datetime(9999, 12, 31, 23, tzinfo=MINUS_14)  # year 10000 in UTC
GOOD = datetime.datetime(2030, 5, 1, 9, tzinfo=datetime.UTC)


# --- Activity dates -------------------------------------------------------------------------


@pytest.mark.parametrize("start", [YEAR_ONE, TOO_LATE, datetime.datetime(1899, 12, 31, 23)])
def test_reschedule_service_refuses_dates_out_of_range(sales_user, start):
    event = EventFactory(owner=sales_user)
    before = (event.start_time, event.end_time, event.version)
    with pytest.raises(BusinessRuleError) as refused:
        reschedule_event(event, start=start, end=start, user=sales_user, version=event.version)
    assert OUT_OF_RANGE in refused.value.messages
    event = Activity.objects.get(pk=event.pk)
    assert (event.start_time, event.end_time, event.version) == before


def test_create_and_update_refuse_dates_out_of_range(sales_user):
    with pytest.raises(BusinessRuleError) as refused:
        create_activity(
            user=sales_user, type="event", subject="Ancient", start_time=YEAR_ONE, end_time=GOOD
        )
    assert refused.value.message_dict["start_time"] == [OUT_OF_RANGE]
    with pytest.raises(BusinessRuleError):
        create_activity(
            user=sales_user, type="task", subject="Far", due_date=datetime.date(9999, 12, 31)
        )
    task = TaskFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError) as refused:
        update_activity(
            task, user=sales_user, version=task.version, due_date=datetime.date(1, 1, 1)
        )
    assert refused.value.message_dict["due_date"] == [OUT_OF_RANGE]
    assert not Activity.objects.filter(subject__in=["Ancient", "Far"]).exists()
    assert Activity.objects.get(pk=task.pk).due_date == task.due_date


def test_the_edges_of_the_range_are_accepted(sales_user):
    first = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
    last = datetime.datetime(9999, 12, 30, 23, 59, tzinfo=datetime.UTC)
    event = create_activity(
        user=sales_user, type="event", subject="Edges", start_time=first, end_time=last
    )
    event.refresh_from_db()
    assert (event.start_time, event.end_time) == (first, last)
    task = create_activity(
        user=sales_user, type="task", subject="Due", due_date=datetime.date(9999, 12, 30)
    )
    assert Activity.objects.get(pk=task.pk).due_date == datetime.date(9999, 12, 30)


@pytest.mark.parametrize(
    "change",
    [
        {"start_time": datetime.datetime(1899, 12, 31, tzinfo=datetime.UTC)},
        {"end_time": datetime.datetime(9999, 12, 31, 1, tzinfo=datetime.UTC)},
        {"due_date": datetime.date(1800, 1, 1)},
    ],
)
def test_the_database_refuses_what_no_door_may_store(sales_user, change):
    """A write that skips validation (``update()``, raw imports) still cannot store it."""
    row = EventFactory(owner=sales_user) if "due_date" not in change else TaskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=row.pk).update(**change)


# --- The strict JSON reader -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"a": NaN}', NOT_FINITE),
        ('{"a": Infinity}', NOT_FINITE),
        ('{"a": -Infinity}', NOT_FINITE),
        ('{"a": 1e400}', NUMBER_TOO_LARGE),
        ('{"a": -1e400}', NUMBER_TOO_LARGE),
        ('{"a": ' + "9" * 101 + "}", NUMBER_TOO_LARGE),
        ("[" * 5_000, TOO_DEEP),
        ("[" * 5_000 + "]" * 5_000, TOO_DEEP),
        ("[" * 33 + "]" * 33, TOO_DEEP),
        ("not json", NOT_JSON),
        (b"\xff", NOT_JSON),
    ],
)
def test_strict_loads_refuses(raw, message):
    with pytest.raises(JsonRefused) as refused:
        strict_loads(raw)
    assert str(refused.value) == message


def test_strict_loads_reads_ordinary_json():
    data = strict_loads(b'{"id": 12, "amount": 10.5, "big": ' + b"9" * 30 + b', "x": [[1]]}')
    assert data == {"id": 12, "amount": 10.5, "big": int("9" * 30), "x": [[1]]}
    assert strict_loads("[" * 32 + "]" * 32)
    with pytest.raises(JsonRefused, match=TOO_LARGE):
        strict_loads("[1, 2, 3]", max_bytes=4)


# --- NUL in a query string or a form --------------------------------------------------------

NUL_URLS = [
    "/portal/pipeline/?q=%00",
    "/portal/kb/?q=%00",
    "/search/?s=%00",
    "/crm/account/?q=%00",
    "/crm/contact/?q=%00",
    "/crm/opportunity/?q=%00",
    "/crm/lead/?status=%00",
    "/crm/case/?status=%00",
    "/crm/quote/?status=%00",
    "/crm/order/?status=%00",
    "/crm/contract/?status=%00",
    "/crm/activity/?q=abc%00def",
    "/crm/account/?%00=1",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_a_query_string_is_a_400_page(crm_admin_client, url):
    crm_admin_client.raise_request_exception = False
    response = crm_admin_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "NUL character" in response.content.decode()


def test_nul_for_a_script_is_a_400_json(crm_admin_client):
    response = crm_admin_client.get(
        "/portal/pipeline/column/?stage=prospecting&q=%00", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": NUL_REFUSED}


def test_nul_in_a_form_field_is_refused_and_nothing_is_saved(crm_admin_client):
    crm_admin_client.raise_request_exception = False
    form = {"name": "Null\x00Corp", "_save": "Save"}
    url = "/crm/account/add/"
    urlencoded = crm_admin_client.post(url, urlencode(form), content_type=FORM)
    assert urlencoded.status_code == 400 and b"NUL character" in urlencoded.content
    multipart = crm_admin_client.post(url, form)  # the test client's default encoding
    assert multipart.status_code == 400 and b"NUL character" in multipart.content
    assert not Account.objects.filter(name__startswith="Null").exists()


def test_an_ordinary_search_still_works(crm_admin_client):
    assert crm_admin_client.get("/crm/account/?q=100%25").status_code == 200


def test_a_file_with_nul_bytes_still_uploads(sales_client, sales_user):
    """Only text fields are read: a binary file is full of NUL bytes."""
    account = AccountFactory(owner=sales_user)
    url = reverse("admin:crm_account_attachment_upload", args=[account.pk])
    binary = SimpleUploadedFile("logo.png", b"\x89PNG\x00\x00\x00", content_type="image/png")
    assert sales_client.post(url, {"file": binary}).status_code == 302
    assert Attachment.objects.for_record(account).get().size == 7


def test_a_form_posted_to_a_json_endpoint_is_still_read_by_it(crm_admin_client):
    """The middleware reads a multipart body before the view: the view can still read it."""
    response = crm_admin_client.post("/portal/pipeline/move/", {"stage": "nope"})
    assert response.status_code == 400
    assert response.json()["ok"] is False
