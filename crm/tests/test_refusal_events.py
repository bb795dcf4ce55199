"""Every refused write logs ONE structured event (crm.events): stale version, business rule,
permission denied, locked out, throttled — with codes and ids, never messages or emails."""

import json
import logging

import pytest
from django.conf import settings

from config.logging import LOGGING
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FIELDS = ("event", "reason", "user_id", "model", "record_id")


@pytest.fixture
def events(caplog):
    """The refusal events logged so far, as dicts of their structured fields."""
    caplog.set_level(logging.INFO, logger="crm.events")

    def collect() -> list[dict]:
        return [
            {field: getattr(r, field, None) for field in FIELDS}
            for r in caplog.records
            if r.name == "crm.events"
        ]

    return collect


def test_the_line_is_json_with_codes_and_ids_only(caplog, events, sales_client, sales_user):
    sales_client.get("/crm/user/")
    (record,) = [r for r in caplog.records if r.name == "crm.events"]
    formatter_config = dict(LOGGING["formatters"]["json"])
    formatter = formatter_config.pop("()").rsplit(".", 1)
    module = __import__(formatter[0], fromlist=[formatter[1]])
    line = json.loads(getattr(module, formatter[1])(**formatter_config).format(record))
    assert line["message"] == "write_refused" and line["level"] == "WARNING"
    assert {k: line[k] for k in FIELDS} == {
        "event": "write_refused",
        "reason": "permission_denied",
        "user_id": sales_user.pk,
        "model": "crm.user",
        "record_id": None,
    }
    assert sales_user.email not in json.dumps(line)


def test_stale_admin_save(crm_admin_client, crm_admin, ticket, events):
    form = {"title": "Edited by A", "owner": crm_admin.pk, "version": ticket.version}
    assert crm_admin_client.post(f"/pathapp/ticket/{ticket.pk}/change/", form).status_code == 302
    assert events() == []  # a save that went through is no event
    stale = crm_admin_client.post(
        f"/pathapp/ticket/{ticket.pk}/change/", {**form, "title": "Edited by B"}
    )
    assert stale.status_code == 200
    assert events() == [
        {
            "event": "write_refused",
            "reason": "stale_version",
            "user_id": crm_admin.pk,
            "model": "pathapp.ticket",
            "record_id": str(ticket.pk),
        }
    ]


def test_business_rule_via_admin_action(crm_admin_client, crm_admin, events):
    other = UserFactory()
    ids = [str(other.pk), str(crm_admin.pk)]
    crm_admin_client.post(
        "/crm/user/", {"action": "deactivate_selected", "_selected_action": ids, "post": "yes"}
    )
    assert events() == [
        {
            "event": "write_refused",
            "reason": "business_rule",
            "user_id": crm_admin.pk,
            "model": "crm.user",
            "record_id": str(crm_admin.pk),
        }
    ]


def test_sales_user_opening_an_admin_only_url_gets_403_and_one_event(
    sales_client, sales_user, crm_admin, events
):
    assert sales_client.get(f"/crm/user/{crm_admin.pk}/change/").status_code == 403
    assert events() == [
        {
            "event": "write_refused",
            "reason": "permission_denied",
            "user_id": sales_user.pk,
            "model": "crm.user",
            "record_id": str(crm_admin.pk),
        }
    ]


def test_axes_lock_out(client, events):
    jane = UserFactory(email="jane@x.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "jane@x.com", "password": "nope", "next": "/"})
    assert events() == [
        {
            "event": "write_refused",
            "reason": "locked_out",
            "user_id": jane.pk,
            "model": "crm.user",
            "record_id": str(jane.pk),
        }
    ]
