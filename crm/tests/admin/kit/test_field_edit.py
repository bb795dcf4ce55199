"""Edit in place on the Details tab (issue 24 item 1): the pencil links to the full form and
its field's fragment saves through the admin's form + save_record with the page's version;
validation errors, stale records, owner rules, read-only and state fields."""

import pytest
from django.utils.html import escape

from crm.admin.kit.confirm import MISSING_VERSION, seen_version
from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Case
from crm.models.accounts import INVALID_WEBSITE
from crm.tests.factories import AccountFactory, CaseFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db


def field_url(record, name) -> str:
    return f"/crm/{record._meta.model_name}/{record.pk}/field/{name}/"


@pytest.fixture
def account(sales_user):
    return AccountFactory(owner=sales_user, name="Brightside Bakery", phone="(555) 010-0001")


def test_pencils_link_to_the_form_and_mark_the_fields_edited_in_place(sales_client, account):
    page = sales_client.get(f"/crm/account/{account.pk}/change/")
    html = page.content.decode()
    assert set(page.context["in_place_fields"]) >= {"name", "phone", "type", "website"}
    assert "owner" not in page.context["editable_fields"]  # only admins change owners
    assert "parent" in page.context["editable_fields"]  # a lookup: the pencil opens the form
    assert "parent" not in page.context["in_place_fields"]
    pencil = (
        f'<a class="crm-pencil" href="/crm/account/{account.pk}/change/?edit=1" '
        f'data-crm-field="phone" data-crm-in-place="{field_url(account, "phone")}"'
    )
    assert pencil in html
    assert "crm/field_edit.js" in html
    assert 'data-crm-field="created_at"' not in html  # read-only: no pencil


def test_the_fragment_is_the_admins_widget_with_save_and_cancel(sales_client, account):
    response = sales_client.get(field_url(account, "phone"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="phone"' in html and 'value="(555) 010-0001"' in html
    assert "data-crm-field-save" in html and "data-crm-field-cancel" in html
    assert "<form" not in html  # it sits inside the record form
    select = sales_client.get(field_url(account, "type")).content.decode()
    assert '<select name="type"' in select and 'value="partner"' in select


def test_a_field_saved_in_place(sales_client, sales_user, account):
    response = sales_client.post(
        field_url(account, "phone"), {"phone": "(555) 987-6543", "version": account.version}
    )
    result = response.json()
    assert response.status_code == 200 and result["ok"]
    assert result["message"] == "Save successful"
    assert result["version"] == account.version + 1
    assert "(555) 987-6543" in result["html"] and 'class="readonly' in result["html"]
    assert "(555) 987-6543" in result["highlights"]  # the highlights panel shows the phone
    account.refresh_from_db()
    assert account.phone == "(555) 987-6543" and account.name == "Brightside Bakery"
    assert account.history.first().history_user == sales_user


def test_a_refused_value_shows_the_message_under_the_field_and_saves_nothing(sales_client, account):
    response = sales_client.post(
        field_url(account, "website"), {"website": "not a site", "version": account.version}
    )
    assert response.status_code == 400
    result = response.json()
    assert not result["ok"] and escape(INVALID_WEBSITE) in result["html"]
    assert 'name="website"' in result["html"] and "crm-field-edit__errors" in result["html"]
    blank = sales_client.post(field_url(account, "name"), {"name": "", "version": 1})
    assert blank.status_code == 400 and "This field is required." in blank.json()["html"]
    after = Account.objects.get(pk=account.pk)
    assert (after.website, after.name, after.version) == (account.website, account.name, 1)


def test_a_stale_record_shows_the_concurrency_message_and_the_saved_value(sales_client, account):
    Account.objects.filter(pk=account.pk).update(version=2, phone="(555) 111-1111")
    response = sales_client.post(field_url(account, "phone"), {"phone": "999", "version": 1})
    assert response.status_code == 409
    result = response.json()
    assert result["stale"] and escape(STALE_RECORD_MESSAGE) in result["html"]
    assert "Saved value:" in result["html"] and "(555) 111-1111" in result["html"]
    assert Account.objects.get(pk=account.pk).phone == "(555) 111-1111"


def test_a_post_without_the_version_is_refused(sales_client, account):
    response = sales_client.post(field_url(account, "phone"), {"phone": "1"})
    assert response.status_code == 400 and response.json()["error"] == MISSING_VERSION
    assert Account.objects.get(pk=account.pk).phone == "(555) 010-0001"


@pytest.mark.parametrize("name", ["owner", "created_at", "is_active", "nonsense", "parent"])
def test_fields_not_edited_in_place_for_a_salesperson(sales_client, account, name):
    assert sales_client.get(field_url(account, name)).status_code == 404
    response = sales_client.post(field_url(account, name), {name: "1", "version": 1})
    assert response.status_code == 404
    assert Account.objects.get(pk=account.pk).version == 1


def test_admins_change_the_owner_in_place_to_an_active_user_only(crm_admin_client, account):
    heir = UserFactory(first_name="Ana", last_name="Ruiz")
    gone = UserFactory(is_active=False)
    refused = crm_admin_client.post(
        field_url(account, "owner"), {"owner": gone.pk, "version": account.version}
    )
    assert refused.status_code == 400 and "crm-field-edit__errors" in refused.json()["html"]
    saved = crm_admin_client.post(
        field_url(account, "owner"), {"owner": heir.pk, "version": account.version}
    )
    assert saved.json()["ok"] and "Ana Ruiz" in saved.json()["html"]
    assert Account.objects.get(pk=account.pk).owner == heir


def test_status_fields_move_only_through_their_services(crm_admin_client):
    case = CaseFactory()
    assert crm_admin_client.get(field_url(case, "status")).status_code == 404
    response = crm_admin_client.post(
        field_url(case, "status"), {"status": "closed", "version": case.version}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == case.status
    page = crm_admin_client.get(f"/crm/case/{case.pk}/change/")
    assert "status" not in page.context["in_place_fields"]


def test_a_form_with_fields_of_its_own_keeps_the_full_form(crm_admin_client):
    payment = PaymentFactory()
    page = crm_admin_client.get(f"/crm/payment/{payment.pk}/change/")
    assert page.context["in_place_fields"] == []
    assert crm_admin_client.get(field_url(payment, "notes")).status_code == 404


def test_no_in_place_edit_without_the_right_to_change(client, account):
    viewer = UserFactory()
    viewer.groups.clear()
    client.force_login(viewer)
    response = client.post(field_url(account, "phone"), {"phone": "1", "version": 1})
    assert response.status_code in (302, 403)
    assert Account.objects.get(pk=account.pk).phone == "(555) 010-0001"


def test_every_record_admins_fields_open_in_place_and_never_fail(crm_admin_client, crm_admin):
    """Each in-place field of every record admin renders its input, and a blank value is
    saved or refused with a message (never a 500)."""
    from django.contrib import admin

    from crm.admin.kit.record_admin import RecordAdminCore
    from crm.tests.factories import factory_for_model

    makers = factory_for_model()
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RecordAdminCore) or model not in makers:
            continue
        owner = {"owner": crm_admin} if any(f.name == "owner" for f in model._meta.fields) else {}
        record = makers[model](**owner)
        page = crm_admin_client.get(f"/crm/{model._meta.model_name}/{record.pk}/change/")
        for name in page.context.get("in_place_fields", []):
            fragment = crm_admin_client.get(field_url(record, name))
            assert fragment.status_code == 200, (model, name)
            assert "data-crm-field-save" in fragment.content.decode(), (model, name)
            version = seen_version(type(record)._base_manager.get(pk=record.pk))
            response = crm_admin_client.post(field_url(record, name), {"version": version})
            assert response.status_code in (200, 400), (model, name, response.status_code)
            checked += 1
    assert checked > 50
