"""Saved list views and the remembered view (issue 23): a personal view keeps the list's
filters, search and sort under a name; admins share; the last chosen view comes back."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from crm.admin.kit.child_rows import ChildRowAdmin
from crm.admin.kit.record_admin import RecordAdmin
from crm.models import SavedListView
from crm.models.list_views import LastListView
from crm.services import list_views as services
from crm.tests.factories import (
    AccountFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ACCOUNTS = reverse("admin:crm_account_changelist")
OPPORTUNITIES = reverse("admin:crm_opportunity_changelist")
LEADS = reverse("admin:crm_lead_changelist")
ORDERS = reverse("admin:crm_order_changelist")
ACTIVITIES = reverse("admin:crm_activity_changelist")
CASES = reverse("admin:crm_case_changelist")
SAVE = reverse("admin:crm_account_save_list_view")


def record_admins() -> dict[str, RecordAdmin]:
    """Every object list the kit builds (a child row is no list of its own)."""
    return {
        model._meta.model_name: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, RecordAdmin)
        and not isinstance(model_admin, ChildRowAdmin)
        and model._meta.app_label == "crm"
    }


def rows(response) -> list[str]:
    return [str(obj) for obj in response.context["cl"].result_list]


def current(response) -> str:
    return response.context["list_views"]["current"].key


def labels(response) -> list[str]:
    return [view["label"] for view in response.context["list_views"]["views"]]


# --- saved views ------------------------------------------------------------------------------
def test_save_the_current_list_as_a_view_and_reopen_it(sales_client, sales_user):
    AccountFactory(name="Vendor Co", type="vendor", owner=sales_user)
    AccountFactory(name="Customer Co", type="customer", owner=sales_user)
    query = "type=vendor&o=1&view=mine&p=2"
    response = sales_client.post(SAVE, {"name": " My vendors ", "query": query})
    saved = SavedListView.objects.get()
    assert (saved.name, saved.list_key, saved.shared) == ("My vendors", "crm.account", False)
    assert parse_qs(saved.query) == {"type": ["vendor"], "o": ["1"], "view": ["mine"]}
    target = parse_qs(urlsplit(response["Location"]).query)
    assert target == {"type": ["vendor"], "o": ["1"], "view": [str(saved.pk)]}
    # Reopening it from the selector restores its filters (shown as chips) under its name.
    reopened = sales_client.get(ACCOUNTS, {"view": saved.pk})
    assert reopened.status_code == 302
    page = sales_client.get(reopened["Location"])
    assert rows(page) == ["Vendor Co"]
    assert page.context["list_views"]["current"].label == "My vendors"
    chips = page.context["list_views"]["summary"]["chips"]
    assert [chip.label for chip in chips] == ["Status: Active", "Type: Vendor"]
    # Removing a filter leaves the saved view for the view it was saved from.
    assert parse_qs(urlsplit(chips[1].remove_url).query) == {"o": ["1"], "view": ["mine"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "Give the view a name."),
        ({"name": "x" * 81}, services.NAME_TOO_LONG),
        ({"name": "Mine", "shared": "1"}, services.ONLY_ADMINS_SHARE),
        ({"name": "Mine", "query": "q=" + "x" * 2100}, services.QUERY_TOO_LONG),
    ],
)
def test_saving_a_view_refuses_bad_input_with_a_message(sales_client, data, message):
    response = sales_client.post(SAVE, {"query": "type=vendor", **data})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert not SavedListView.objects.exists()


def test_a_view_name_is_unique_per_user_and_list(sales_client, sales_user):
    services.save_list_view(user=sales_user, list_key="crm.account", name="Denver", query="")
    response = sales_client.post(SAVE, {"name": "denver", "query": ""})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You already have a view named 'denver' on this list."]
    assert SavedListView.objects.count() == 1


def test_admins_share_views_with_everyone(crm_admin, sales_client, sales_user):
    admin_client = Client()
    admin_client.force_login(crm_admin)
    admin_client.post(SAVE, {"name": "Key accounts", "query": "type=customer", "shared": "1"})
    services.save_list_view(user=UserFactory(), list_key="crm.account", name="Private", query="")
    saved = sales_client.get(ACCOUNTS).context["list_views"]["saved"]
    assert [(v["label"], v["shared"], v["deletable"]) for v in saved] == [
        ("Key accounts", True, False)
    ]
    shared = SavedListView.objects.get(name="Key accounts")
    url = reverse("admin:crm_account_delete_list_view", args=[shared.pk])
    refused = sales_client.post(url)
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [services.NOT_YOURS]
    assert SavedListView.objects.filter(pk=shared.pk).exists()


def test_delete_my_own_view(sales_client, sales_user):
    saved = services.save_list_view(user=sales_user, list_key="crm.account", name="Old", query="")
    sales_client.get(ACCOUNTS, {"view": saved.pk})
    response = sales_client.post(reverse("admin:crm_account_delete_list_view", args=[saved.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["View 'Old' was deleted."]
    assert not SavedListView.objects.exists()
    assert current(sales_client.get(ACCOUNTS)) == "all"  # not the view that is gone
    delete_url = reverse("admin:crm_account_delete_list_view", args=[saved.pk])
    assert sales_client.get(delete_url).status_code == 405


# --- the remembered view ----------------------------------------------------------------------
def test_the_last_chosen_view_is_shown_when_the_list_is_opened_bare(sales_client, sales_user):
    AccountFactory(name="Mine", owner=sales_user)
    AccountFactory(name="Theirs")
    sales_client.get(ACCOUNTS, {"view": "mine"})
    assert LastListView.objects.get().view_key == "mine"
    bare = sales_client.get(ACCOUNTS)
    assert current(bare) == "mine" and rows(bare) == ["Mine"]
    # A link with filters of its own is not overridden by the remembered view.
    assert current(sales_client.get(ACCOUNTS, {"type": "customer"})) == "all"
    sales_client.get(ACCOUNTS, {"view": "all"})
    assert current(sales_client.get(ACCOUNTS)) == "all"


def test_a_remembered_saved_view_reopens_with_its_filters(sales_client, sales_user):
    saved = services.save_list_view(
        user=sales_user, list_key="crm.account", name="Vendors", query="type=vendor"
    )
    sales_client.get(ACCOUNTS, {"view": saved.pk})
    response = sales_client.get(ACCOUNTS)
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "type": ["vendor"],
        "view": [str(saved.pk)],
    }
