"""Inline edit in lists (issue 23 item 5): the pencil cell and its one endpoint per admin."""

import json
import logging
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.admin.kit.confirm import MISSING_VERSION
from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Case, Opportunity
from crm.models.opportunities import Stage
from crm.services.opportunities import change_stage
from crm.tests.factories import AccountFactory, CaseFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db
ACCOUNTS = reverse("admin:crm_account_changelist")


def url(record, field):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_inline", args=[record.pk, field])


def test_saves_one_field_bumps_the_version_and_writes_history(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, phone="(555) 000-0001")
    response = sales_client.post(
        url(account, "phone"), {"value": "(555) 123-4567", "version": 1, "column": "phone_display"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["version"] == 2
    assert 'href="tel:5551234567"' in data["html"]  # the column's own display comes back
    account.refresh_from_db()
    assert (account.phone, account.version) == ("(555) 123-4567", 2)
    latest = account.history.latest()
    assert (latest.phone, latest.history_user) == ("(555) 123-4567", sales_user)


def test_choice_field_renders_its_label(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, type="customer")
    response = sales_client.post(url(account, "type"), {"value": "partner", "version": 1})
    assert response.json()["html"] == "Partner"
    assert Account.objects.get(pk=account.pk).type == "partner"


def test_stale_version_is_409_and_changes_nothing(sales_client, sales_user, caplog):
    account = AccountFactory(owner=sales_user, phone="(555) 000-0001")
    Account.objects.filter(pk=account.pk).update(version=2)
    with caplog.at_level(logging.INFO):
        response = sales_client.post(url(account, "phone"), {"value": "999", "version": 1})
    assert response.status_code == 409
    assert response.json() == {"ok": False, "error": STALE_RECORD_MESSAGE}
    stored = Account.objects.get(pk=account.pk)
    assert (stored.phone, stored.version) == ("(555) 000-0001", 2)
    assert any(getattr(r, "reason", "") == "stale_version" for r in caplog.records)


def test_validation_error_is_400_with_the_fields_message(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, type="customer")
    response = sales_client.post(url(account, "type"), {"value": "alien", "version": 1})
    assert response.status_code == 400
    assert "Select a valid choice" in response.json()["error"]
    stored = Account.objects.get(pk=account.pk)
    assert (stored.type, stored.version) == ("customer", 1)


def test_missing_or_bad_version_is_400(sales_client, sales_user):
    account = AccountFactory(owner=sales_user)
    for data in ({"value": "1"}, {"value": "1", "version": "x"}):
        response = sales_client.post(url(account, "phone"), data)
        assert response.status_code == 400
        assert response.json()["error"] == MISSING_VERSION


def test_refused_stage_move_is_422_with_the_services_message(sales_client, sales_user, monkeypatch):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    monkeypatch.setattr(Opportunity, "has_fulfilment_records", lambda self: True)
    version = Opportunity.objects.get(pk=opportunity.pk).version
    response = sales_client.post(
        url(opportunity, "stage"), {"value": Stage.NEGOTIATION, "version": version}
    )
    assert response.status_code == 422
    assert "stays Closed Won" in response.json()["error"]
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.version) == (Stage.CLOSED_WON, version)


def test_stage_moves_through_the_service(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    response = sales_client.post(url(opportunity, "stage"), {"value": Stage.PROPOSAL, "version": 1})
    assert response.status_code == 200, response.content
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert stored.stage == Stage.PROPOSAL
    assert response.json()["version"] == stored.version > 1


def test_user_without_change_permission_is_403(client, sales_user):
    account = AccountFactory(phone="(555) 000-0001")  # a colleague's account
    sales_user.groups.clear()  # a signed-in user who may no longer change accounts
    sales_user.user_permissions.clear()
    client.force_login(sales_user)
    response = client.post(url(account, "phone"), {"value": "999", "version": 1})
    assert response.status_code == 403
    assert response.json()["ok"] is False
    stored = Account.objects.get(pk=account.pk)
    assert (stored.phone, stored.version) == ("(555) 000-0001", 1)


def test_undeclared_field_is_404_and_get_is_405(sales_client, sales_user):
    account = AccountFactory(owner=sales_user)
    assert sales_client.post(url(account, "name"), {"value": "x", "version": 1}).status_code == 404
    assert sales_client.post(url(account, "nope"), {"value": "x", "version": 1}).status_code == 404
    assert sales_client.get(url(account, "phone")).status_code == 405
    assert Account.objects.get(pk=account.pk).name == account.name


def inline_config(response) -> dict:
    found = re.search(
        r'<script id="crm-inline-edit" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1)) if found else {}


def test_list_carries_each_rows_version_with_no_query_per_row(sales_client, sales_user):
    def count(n):
        Account.objects.all().delete()
        AccountFactory.create_batch(n, owner=sales_user, phone="(555) 000-0001")
        with CaptureQueriesContext(connection) as queries:
            response = sales_client.get(ACCOUNTS, {"view": "all"})
        assert response.status_code == 200
        return response, len(queries)

    response, few = count(3)
    config = inline_config(response)
    assert config["url"] == f"{ACCOUNTS}inline/"
    # type and phone are shown (industry is no column); the phone column is phone_display.
    assert set(config["columns"]) == {"type", "phone_display"}
    assert config["columns"]["phone_display"]["field"] == "phone"
    assert ["partner", "Partner"] in config["columns"]["type"]["choices"]
    rows = config["rows"]
    shown = [obj.pk for obj in response.context["cl"].result_list]
    assert [row["pk"] for row in rows] == shown  # in the table's order
    assert rows[0] == {
        "pk": shown[0],
        "version": 1,
        "values": {"type": rows[0]["values"]["type"], "phone": "(555) 000-0001"},
    }
    _, many = count(30)
    assert many == few


def test_the_table_keeps_its_columns(crm_admin_client):
    """Inline edit adds no column and renames none: the cells keep their classes and sorts."""
    response = crm_admin_client.get(reverse("admin:crm_case_changelist"), {"view": "all"})
    case_admin = admin.site._registry[Case]
    columns = response.context["cl"].list_display
    assert all(isinstance(name, str) for name in columns)
    assert "priority_pill" in columns and case_admin.priority_pill.admin_order_field
    assert inline_config(response)["columns"]["priority_pill"]["field"] == "priority"


def test_no_pencil_without_the_right_to_change(client, sales_user):
    AccountFactory(owner=sales_user)
    sales_user.groups.clear()
    sales_user.user_permissions.clear()
    sales_user.user_permissions.add(Permission.objects.get(codename="view_account"))
    client.force_login(sales_user)
    response = client.get(ACCOUNTS, {"view": "all"})
    assert response.status_code == 200
    assert inline_config(response) == {}


def test_apply_to_selected_rows_reports_each_refused_row(sales_client, sales_user):
    fresh, stale = AccountFactory.create_batch(2, owner=sales_user, type="customer")
    Account.objects.filter(pk=stale.pk).update(version=5)
    rows = f"{fresh.pk}:1,{stale.pk}:1"
    response = sales_client.post(url(fresh, "type"), {"value": "partner", "rows": rows})
    data = response.json()
    assert response.status_code == 200 and data["ok"] is False
    assert data["rows"][str(fresh.pk)]["html"] == "Partner"
    assert data["errors"] == [f"{stale}: {STALE_RECORD_MESSAGE}"]
    assert Account.objects.get(pk=fresh.pk).type == "partner"
    assert Account.objects.get(pk=stale.pk).type == "customer"


def test_pill_column_keeps_its_pill_and_moves_through_the_case_service(sales_client, sales_user):
    case = CaseFactory(owner=sales_user)
    cases = reverse("admin:crm_case_changelist")
    config = inline_config(sales_client.get(cases, {"view": "all"}))
    assert config["columns"]["status_pill"]["field"] == "status"
    response = sales_client.post(
        url(case, "status"), {"value": "in_progress", "version": 1, "column": "status_pill"}
    )
    assert response.status_code == 200, response.content
    assert "In Progress" in response.json()["html"] and "<span" in response.json()["html"]
    refused = sales_client.post(
        url(case, "status"), {"value": "new", "version": response.json()["version"]}
    )
    assert refused.status_code == 422


def test_the_owner_filter_and_the_owner_pencil_read_the_users_once(crm_admin_client, crm_admin):
    AccountFactory(owner=crm_admin)
    with CaptureQueriesContext(connection) as queries:
        response = crm_admin_client.get(ACCOUNTS, {"view": "all"})
    assert "owner_name" in inline_config(response)["columns"]
    team_reads = [q for q in queries if 'FROM "crm_user" WHERE "crm_user"."is_active"' in q["sql"]]
    assert len(team_reads) == 1


def test_admins_give_a_record_away_in_place(crm_admin_client, crm_admin, sales_user):
    account = AccountFactory(owner=crm_admin)
    config = inline_config(crm_admin_client.get(ACCOUNTS, {"view": "all"}))
    owner = config["columns"]["owner_name"]
    assert owner["field"] == "owner" and owner["kind"] == "select"
    assert [str(sales_user.pk), sales_user.get_full_name()] in owner["choices"]
    response = crm_admin_client.post(
        url(account, "owner"), {"value": sales_user.pk, "version": 1, "column": "owner_name"}
    )
    assert response.status_code == 200, response.content
    assert sales_user.get_full_name() in response.json()["html"]
    assert Account.objects.get(pk=account.pk).owner == sales_user


def test_an_inactive_or_unknown_owner_is_refused(crm_admin_client, crm_admin):
    account = AccountFactory(owner=crm_admin)
    gone = UserFactory(is_active=False)
    for value in (gone.pk, "999999", "x", ""):
        response = crm_admin_client.post(url(account, "owner"), {"value": value, "version": 1})
        assert response.status_code == 400
        assert response.json()["error"] == "Choose an active user as the new owner."
    assert Account.objects.get(pk=account.pk).owner == crm_admin


def test_sales_users_cannot_give_records_away(sales_client, sales_user, crm_admin):
    account = AccountFactory(owner=sales_user)
    assert "owner_name" not in inline_config(sales_client.get(ACCOUNTS, {"view": "all"}))["columns"]
    response = sales_client.post(url(account, "owner"), {"value": crm_admin.pk, "version": 1})
    assert response.status_code == 404
    assert Account.objects.get(pk=account.pk).owner == sales_user
