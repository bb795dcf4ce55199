"""The record kit as users meet it: read view and Edit, URLs with one meaning and an
in-shell 404, the version required on every state-changing POST, owner rules, user cards and
the header that shows what is saved."""

import pytest
from django.contrib import admin
from django.test import Client, override_settings
from django.utils.html import escape

from crm.admin.kit.confirm import MISSING_VERSION
from crm.admin.kit.record_admin import RecordAdminCore
from crm.admin.kit.urls import NOT_FOUND
from crm.models import Account, Lead, LeadStatus
from crm.services.records import ONLY_ADMINS_CHANGE_OWNER
from crm.tests.factories import AccountFactory, AdminUserFactory, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db

MALFORMED = ("abc", "1.5", "-1", "0x1f", "1e3", "99999999999", "%20", "1;drop", "1abc", "__fk__")
SUFFIXES = ("change/", "history/", "deactivate/", "clone/", "")


@pytest.fixture
def boss(db):
    return AdminUserFactory()


@pytest.fixture
def boss_client(boss):
    client = Client()
    client.force_login(boss)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_fifty_malformed_ids_on_every_record_admin_are_404_in_the_shell(boss_client):
    record_admins = [
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, RecordAdminCore) and model._meta.app_label == "crm"
    ]
    assert "account" in record_admins and "opportunitylineitem" in record_admins
    for name in record_admins:
        for bad in MALFORMED:
            for suffix in SUFFIXES:
                response = boss_client.get(f"/crm/{name}/{bad}/{suffix}")
                assert response.status_code == 404, (name, bad, suffix, response.status_code)
        unknown = boss_client.get(f"/crm/{name}/987654321/change/")
        assert unknown.status_code == 404
        assert NOT_FOUND in unknown.content.decode()
        assert "crm-highlights" not in unknown.content.decode()
        assert (
            'id="nav-sidebar"' in unknown.content.decode() or "sidebar" in unknown.content.decode()
        )


def test_path_url_to_converted_is_the_path_view_not_the_success_page(sales_client, sales_user):
    lead = LeadFactory(owner=sales_user)
    assert sales_client.get(f"/crm/lead/{lead.pk}/path/converted/").status_code == 405
    response = sales_client.post(
        f"/crm/lead/{lead.pk}/path/converted/", {"version": lead.version}, follow=True
    )
    assert "Use Convert" in " ".join(_messages(response))
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


@pytest.mark.parametrize("suffix", ["path/contacted/", "qualify/"])
def test_state_changing_posts_without_a_version_are_refused(sales_client, sales_user, suffix):
    lead = LeadFactory(owner=sales_user)
    response = sales_client.post(f"/crm/lead/{lead.pk}/{suffix}", {})
    assert response.status_code == 400
    assert escape(MISSING_VERSION) in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and lead.version == 1


def test_record_opens_read_only_and_edit_opens_the_form(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, name="Brightside")
    url = f"/crm/account/{account.pk}/change/"
    read = sales_client.get(url)
    html = read.content.decode()
    assert read.context["read_mode"] is True
    assert read.context["edit_url"] == f"{url}?edit=1"
    assert 'name="name"' not in html and "data-record-edit" in html
    assert "name" in read.context["editable_fields"]
    assert f'class="crm-pencil" href="{url}?edit=1" data-crm-field="name"' in html
    edit = sales_client.get(f"{url}?edit=1")
    assert edit.context["read_mode"] is False
    assert 'name="name"' in edit.content.decode()
    assert f'action="{url}"' in edit.content.decode()  # POST target: the plain change URL


def test_save_lands_on_the_read_view_with_a_toast(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, name="Brightside")
    form = {
        "name": "Brightside Bakery",
        "type": "",
        "industry": "",
        "phone": "",
        "website": "",
        "description": "",
        "version": account.version,
        **{
            f"{p}_{part}": ""
            for p in ("billing", "shipping")
            for part in ("street", "city", "state", "postal_code", "country")
        },
    }
    response = sales_client.post(f"/crm/account/{account.pk}/change/", form)
    assert response.status_code == 302
    assert response.url == f"/crm/account/{account.pk}/change/"
    page = sales_client.get(response.url)
    assert "Save successful" in _messages(page)


def test_highlights_show_the_saved_values_after_a_stale_save(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, name="Saved Name", phone="111")
    form = {
        "name": "Unsaved Name",
        "type": "",
        "phone": "999",
        "version": account.version - 1 or 99,
    }
    response = sales_client.post(f"/crm/account/{account.pk}/change/", form)
    assert response.status_code == 200
    assert response.context["highlights"]["title"] == "Saved Name"
    assert Account.objects.get(pk=account.pk).name == "Saved Name"


def test_sales_user_cannot_take_a_colleagues_record(sales_client, sales_user):
    colleague = UserFactory()
    account = AccountFactory(owner=colleague, name="Theirs")
    form = {"name": "Theirs", "owner": sales_user.pk, "version": account.version}
    sales_client.post(f"/crm/account/{account.pk}/change/", form)
    assert Account.objects.get(pk=account.pk).owner == colleague
    assert sales_client.get(f"/crm/account/{account.pk}/change-owner/").status_code == 403
    bulk = sales_client.post(
        "/crm/account/",
        {
            "action": "change_owner_selected",
            "_selected_action": [account.pk],
            "post": "yes",
            "owner": sales_user.pk,
        },
    )
    assert bulk.status_code in (200, 302)
    assert Account.objects.get(pk=account.pk).owner == colleague


def test_new_record_of_a_sales_user_is_theirs_whatever_is_posted(sales_client, sales_user):
    colleague = UserFactory()
    sales_client.post(
        "/crm/account/add/", {"name": "Mine", "owner": colleague.pk, "type": "", "industry": ""}
    )
    assert Account.objects.get(name="Mine").owner == sales_user


def test_admin_changes_owner_from_the_menu_and_in_bulk(boss_client, sales_user):
    account = AccountFactory(name="Moving")
    other = AccountFactory(name="Also moving")
    retired = UserFactory(is_active=False)
    page = boss_client.get(f"/crm/account/{account.pk}/change-owner/")
    choices = page.context["form"].fields["owner"].queryset
    assert sales_user in choices and retired not in choices
    response = boss_client.post(
        f"/crm/account/{account.pk}/change-owner/",
        {"version": account.version, "owner": sales_user.pk},
        follow=True,
    )
    assert "Account 'Moving' has a new owner." in _messages(response)
    assert Account.objects.get(pk=account.pk).owner == sales_user
    boss_client.post(
        "/crm/account/",
        {
            "action": "change_owner_selected",
            "_selected_action": [other.pk],
            "post": "yes",
            "owner": sales_user.pk,
        },
    )
    assert Account.objects.get(pk=other.pk).owner == sales_user


def test_owner_links_to_a_user_card_a_sales_user_may_open(sales_client, sales_user):
    colleague = UserFactory(first_name="Ana", last_name="Ruiz")
    account = AccountFactory(owner=colleague)
    page = sales_client.get(f"/crm/account/{account.pk}/change/")
    owner_html = dict(page.context["highlights"]["fields"])["owner"]
    card_url = f"/crm/user/{colleague.pk}/card/"
    assert card_url in owner_html
    card = sales_client.get(card_url)
    assert card.status_code == 200 and "Ana Ruiz" in card.content.decode()
    assert sales_client.get(f"/crm/user/{colleague.pk}/change/").status_code == 403


def test_only_admins_may_assign_to_someone_else_in_the_service(sales_user):
    from crm.errors import BusinessRuleError
    from crm.services.records import check_owner_choice

    with pytest.raises(BusinessRuleError, match=ONLY_ADMINS_CHANGE_OWNER):
        check_owner_choice(user=sales_user, record=Lead(), owner=UserFactory())


def test_anonymous_visitors_are_sent_to_sign_in_not_told_what_exists(client):
    account = AccountFactory()
    for url in (f"/crm/account/{account.pk}/change/", "/crm/account/987654321/change/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url


@override_settings(DEBUG=False)
def test_non_numeric_ids_get_the_apps_own_404_in_the_shell(sales_client):
    response = sales_client.get("/crm/account/abc/change/")
    html = response.content.decode()
    assert response.status_code == 404
    assert escape(NOT_FOUND) in html
    assert "Perhaps it was deleted" not in html and "URLconf" not in html
    assert "Sales" in html  # the sidebar's groups: the page is inside the shell
