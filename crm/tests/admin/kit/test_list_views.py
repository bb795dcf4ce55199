"""List views (issue 23, SPEC §10a): ``?view=mine|all|recent`` on every object list plus each
object's own views, saved personal and shared views, the remembered last view, and the line
above the table with its removable filter chips — at a constant number of queries."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.admin.kit.child_rows import ChildRowAdmin
from crm.admin.kit.record_admin import RecordAdmin
from crm.models import Lead, Opportunity
from crm.models.opportunities import Stage
from crm.models.orders import Order, OrderStatus
from crm.selectors.list_views import month_bounds, quarter_bounds
from crm.services.recently_viewed import record_view
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    LeadFactory,
    OpportunityFactory,
    OrderFactory,
    TaskFactory,
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


# --- built-in views on every list -------------------------------------------------------------
@pytest.mark.parametrize("model_name", sorted(record_admins()))
def test_every_list_has_all_and_recent_and_mine_where_records_have_an_owner(
    crm_admin_client, model_name
):
    model_admin = record_admins()[model_name]
    url = reverse(f"admin:crm_{model_name}_changelist")
    keys = ["all", "recent", *(["mine"] if "mine" in model_admin.get_list_views() else [])]
    # Users have no owner; the outbox's emails are the system's (an email's sender is on it).
    assert "mine" in keys or model_name in ("user", "emailmessage")
    for key in keys:
        response = crm_admin_client.get(url, {"view": key, "o": "1"})
        assert response.status_code == 200, (url, key)
        assert current(response) == key
        html = response.content.decode()
        assert 'class="crm-list-views"' in html and "Save as view…" in html
        assert "crm/list_views.js" in html  # filters apply as they change


def test_built_in_views_are_named_like_salesforce(sales_client):
    response = sales_client.get(ACCOUNTS)
    assert labels(response)[:3] == ["My Accounts", "All Accounts", "Recently Viewed"]
    assert current(response) == "all"


def test_my_accounts_are_the_ones_i_own(sales_client, sales_user):
    AccountFactory(name="Mine", owner=sales_user)
    AccountFactory(name="Theirs")
    assert rows(sales_client.get(ACCOUNTS, {"view": "mine"})) == ["Mine"]
    assert sorted(rows(sales_client.get(ACCOUNTS, {"view": "all"}))) == ["Mine", "Theirs"]


def test_recently_viewed_lists_the_records_i_opened_newest_first(sales_client):
    first, second, _never = (AccountFactory(name=n) for n in ("First", "Second", "Never opened"))
    for account in (first, second):
        url = reverse("admin:crm_account_change", args=[account.pk])
        assert sales_client.get(url).status_code == 200
    response = sales_client.get(ACCOUNTS, {"view": "recent"})
    assert rows(response) == ["Second", "First"]
    assert response.context["list_views"]["summary"]["sorted_by"] == "Last viewed ↓"
    assert response.context["cl"].get_ordering_field_columns() == {}  # no column arrow


def test_an_unknown_view_falls_back_to_the_default_with_a_warning(sales_client):
    response = sales_client.get(ACCOUNTS, {"view": "nope", "q": "x"})
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {"view": ["all"], "q": ["x"]}
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert warnings == ["There is no list view 'nope' on this list; showing All Accounts."]
    assert sales_client.get(response["Location"]).status_code == 200


# --- the objects' own views -------------------------------------------------------------------
def test_opportunity_views(sales_client, sales_user):
    first, last = month_bounds()
    quarter_start, _ = quarter_bounds()
    later = timezone.localdate() + datetime.timedelta(days=70)  # never this month
    OpportunityFactory(name="My open", account=AccountFactory(owner=sales_user), close_date=later)
    OpportunityFactory(name="Closing", close_date=last)
    won = OpportunityFactory(name="Won", close_date=quarter_start)
    lost_this_month = OpportunityFactory(name="Lost", close_date=first)
    Opportunity.objects.filter(pk=won.pk).update(stage=Stage.CLOSED_WON)
    Opportunity.objects.filter(pk=lost_this_month.pk).update(stage=Stage.CLOSED_LOST)
    assert rows(sales_client.get(OPPORTUNITIES, {"view": "my_open"})) == ["My open"]
    assert rows(sales_client.get(OPPORTUNITIES, {"view": "closing_this_month"})) == ["Closing"]
    assert rows(sales_client.get(OPPORTUNITIES, {"view": "won_this_quarter"})) == ["Won"]
    assert labels(sales_client.get(OPPORTUNITIES))[3:] == [
        "My open",
        "Closing this month",
        "Won this quarter",
    ]


def test_lead_views(sales_client, sales_user):
    LeadFactory(first_name="Mine", last_name="Open", owner=sales_user)
    old = LeadFactory(first_name="Old", last_name="Lead")
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert rows(sales_client.get(LEADS, {"view": "my_open"})) == ["Mine Open"]
    assert rows(sales_client.get(LEADS, {"view": "today"})) == ["Mine Open"]


def test_order_views(crm_admin_client):
    awaiting, partial = OrderFactory(), OrderFactory()
    Order.objects.filter(pk=partial.pk).update(status=OrderStatus.PARTIALLY_PAID)
    page = crm_admin_client.get(ORDERS, {"view": "awaiting_payment"})
    assert [o.pk for o in page.context["cl"].result_list] == [awaiting.pk]
    page = crm_admin_client.get(ORDERS, {"view": "partially_paid"})
    assert [o.pk for o in page.context["cl"].result_list] == [partial.pk]


def test_activity_views_are_assigned_to_me(sales_client, sales_user):
    today = timezone.localdate()
    TaskFactory(subject="Mine today", owner=sales_user, due_date=today)
    TaskFactory(subject="Mine overdue", owner=sales_user, due_date=today - datetime.timedelta(3))
    TaskFactory(subject="Theirs today", due_date=today)
    assert rows(sales_client.get(ACTIVITIES, {"view": "today"})) == ["Mine today"]
    assert rows(sales_client.get(ACTIVITIES, {"view": "overdue"})) == ["Mine overdue"]
    mine = sales_client.get(ACTIVITIES, {"view": "mine"})
    assert sorted(rows(mine)) == ["Mine overdue", "Mine today"]
    assert labels(mine)[0] == "My Activities"


def test_the_case_queue_views_are_list_views_with_the_queue_as_default(sales_client):
    CaseFactory(subject="Open one")
    response = sales_client.get(CASES)
    assert current(response) == "open"
    assert labels(response) == [
        "My open cases",
        "All cases",
        "Recently Viewed",
        "All open cases",
        "Escalated",
        "Closed this month",
    ]
    assert response.context["list_views"]["summary"]["sorted_by"] == "Priority, then oldest"


# --- the line above the table -----------------------------------------------------------------
def test_the_line_says_count_sort_and_every_filter_including_defaults(sales_client):
    AccountFactory(name="Brightside", type="customer")
    AccountFactory(name="Vendor Co", type="vendor")
    line = sales_client.get(ACCOUNTS).context["list_views"]["summary"]
    assert line["count"] == "2 items"
    assert line["sorted_by"] == "Account name ↑"
    assert [(c.label, c.remove_url) for c in line["chips"]] == [("Status: Active", "?active=all")]
    line = sales_client.get(ACCOUNTS, {"type": "vendor", "q": "co", "o": "-1"}).context[
        "list_views"
    ]["summary"]
    assert line["count"] == "1 item" and line["sorted_by"] == "Account name ↓"
    chips = {c.label: parse_qs(urlsplit(c.remove_url).query) for c in line["chips"]}
    assert chips == {
        "Type: Vendor": {"q": ["co"], "o": ["-1"]},
        "Status: Active": {"type": ["vendor"], "q": ["co"], "o": ["-1"], "active": ["all"]},
        "Search: “co”": {"type": ["vendor"], "o": ["-1"]},
    }
    html = sales_client.get(ACCOUNTS).content.decode()
    assert "2 items" in html and "Sorted by Account name" in html and "Status: Active" in html


def test_removing_a_default_filter_chip_shows_everything(sales_client):
    AccountFactory(name="Gone", is_active=False)
    AccountFactory(name="Here")
    assert rows(sales_client.get(ACCOUNTS)) == ["Here"]
    everything = sales_client.get(ACCOUNTS + "?active=all")
    assert sorted(rows(everything)) == ["Gone", "Here"]
    assert everything.context["list_views"]["summary"]["chips"] == []


def test_the_lead_list_says_it_hides_converted_leads(sales_client):
    chips = sales_client.get(LEADS).context["list_views"]["summary"]["chips"]
    assert [(c.label, c.remove_url) for c in chips] == [
        ("Status: All but converted", "?status=all")
    ]


def test_date_range_and_owner_filters_read_as_words(sales_client, sales_user):
    query = {"close_date_from": "2026-01-01", "owner": "me"}
    chips = sales_client.get(OPPORTUNITIES, query).context["list_views"]["summary"]["chips"]
    assert [c.label for c in chips] == ["Owner: My opportunities", "Close date: from 2026-01-01"]
    # The drawer's choice filters (``type__exact``) read as their labels too.
    chips = sales_client.get(ACCOUNTS, {"type__exact": "vendor"}).context["list_views"]
    assert [c.label for c in chips["summary"]["chips"]] == ["Type: Vendor", "Status: Active"]


def test_a_view_all_link_names_its_parent_record(sales_client):
    account = AccountFactory(name="Brightside Bakery")
    contacts = reverse("admin:crm_contact_changelist")
    response = sales_client.get(contacts, {"account": account.pk, "active": "all"})
    chips = response.context["list_views"]["summary"]["chips"]
    assert [(c.label, c.remove_url) for c in chips] == [
        ("Account: Brightside Bakery", "?active=all")
    ]
    solutions = reverse("admin:crm_solution_changelist")
    case = CaseFactory(subject="Checkout broken")
    response = sales_client.get(solutions, {"cases__id__exact": case.pk})
    chips = response.context["list_views"]["summary"]["chips"]
    assert [c.label for c in chips] == [f"Case: {case}"]


# --- queries: a constant added per list, whatever the rows ------------------------------------
def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code in (200, 302)
    return len(queries)


@pytest.mark.parametrize("key", ["all", "mine", "recent"])
def test_list_view_queries_do_not_grow_with_rows(sales_client, sales_user, key):
    def opened(count):
        for _ in range(count):
            account = AccountFactory(owner=sales_user)
            sales_client.get(reverse("admin:crm_account_change", args=[account.pk]))

    opened(2)
    few = _count(sales_client, ACCOUNTS, {"view": key, "o": "1"})
    opened(20)
    many = _count(sales_client, ACCOUNTS, {"view": key, "o": "1"})
    assert few == many == LIST_VIEW_QUERIES[key]


@pytest.mark.parametrize("model_name", sorted(record_admins()))
def test_every_list_pays_the_same_constant_for_its_views(crm_admin_client, crm_admin, model_name):
    """On every list: the saved views (1 query) whatever the view; Recently Viewed adds the
    opened ids (1); a bare open adds the remembered view's read (1); choosing a view from
    the selector writes it instead (1)."""
    model_admin = record_admins()[model_name]
    # Something on Recently Viewed (an empty one answers without querying the rows at all).
    record_view(user=crm_admin, record=model_admin.model(pk=987654))
    url = reverse(f"admin:crm_{model_name}_changelist")
    base = _count(crm_admin_client, url, {"view": "all", "o": "1"})
    assert _count(crm_admin_client, url, {"view": "recent", "o": "1"}) == base + 1
    if "mine" in model_admin.get_list_views():
        assert _count(crm_admin_client, url, {"view": "mine", "o": "1"}) == base
    assert _count(crm_admin_client, url, {}) == _count(crm_admin_client, url, {"view": "all"})


# The account list's own 8 queries, plus: the saved views (1) and, for Recently Viewed, the
# ids of the records the user opened (1).
LIST_VIEW_QUERIES = {"all": 7, "mine": 7, "recent": 8}  # no full COUNT(*)
