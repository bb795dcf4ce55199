"""Inline edit in lists (issue 23 item 5): the pencil cell and its one endpoint per admin."""

import logging

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.admin.kit.confirm import MISSING_VERSION
from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Case, Opportunity
from crm.models.opportunities import Stage
from crm.services.opportunities import change_stage
from crm.tests.factories import AccountFactory, CaseFactory, OpportunityFactory

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


def test_list_renders_pencil_cells_with_no_query_per_row(sales_client, sales_user):
    def count(n):
        Account.objects.all().delete()
        AccountFactory.create_batch(n, owner=sales_user)
        with CaptureQueriesContext(connection) as queries:
            response = sales_client.get(ACCOUNTS, {"view": "all"})
        assert response.status_code == 200
        return response, len(queries)

    response, few = count(3)
    html = response.content.decode()
    assert html.count('class="crm-inline"') == 2 * 3  # type and phone (industry is no column)
    assert 'data-version="1"' in html
    _, many = count(30)
    assert many == few


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
    html = sales_client.get(cases, {"view": "all"}).content.decode()
    assert f'data-pk="{case.pk}"' in html and 'data-column="status_pill"' in html
    response = sales_client.post(
        url(case, "status"), {"value": "in_progress", "version": 1, "column": "status_pill"}
    )
    assert response.status_code == 200, response.content
    assert "In Progress" in response.json()["html"] and "<span" in response.json()["html"]
    refused = sales_client.post(
        url(case, "status"), {"value": "new", "version": response.json()["version"]}
    )
    assert refused.status_code == 422


def test_wrapped_column_keeps_its_own_sort(crm_admin_client):
    request = crm_admin_client.get(reverse("admin:crm_case_changelist")).wsgi_request
    columns = admin.site._registry[Case].get_list_display(request)
    priority = next(c for c in columns if getattr(c, "__name__", "") == "inline_priority_pill")
    assert priority.admin_order_field == "priority_rank"
