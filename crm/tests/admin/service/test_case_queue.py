"""The support queue (SPEC §6, §7): open cases by priority then age, the quick views, the
columns, search by number, bulk Assign and Close, and a query count independent of rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.admin.service.cases.admin import age
from crm.models.support import Case, CaseStatus
from crm.services import cases as services
from crm.tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:crm_case_changelist")
# Session, user, permissions, the owner filter's users, counts and one page of rows; the
# list views' saved views and the remembered view (+2, issue 23).
QUEUE_QUERIES = 8  # no COUNT(*) of the whole table


def make(owner, subject, priority="medium", days_old=0, status=CaseStatus.NEW, **kwargs):
    case = CaseFactory(subject=subject, priority=priority, owner=owner, **kwargs)
    created = timezone.now() - datetime.timedelta(days=days_old, hours=1)
    closed_at = timezone.now() if status == CaseStatus.CLOSED else None
    Case.objects.filter(pk=case.pk).update(created_at=created, status=status, closed_at=closed_at)
    return Case.objects.get(pk=case.pk)


def subjects(response) -> list[str]:
    return [case.subject for case in response.context["cl"].result_list]


def test_the_default_list_is_the_queue_priority_then_oldest(sales_client, sales_user):
    make(sales_user, "low old", "low", days_old=9)
    make(sales_user, "medium new", "medium", days_old=1)
    make(sales_user, "high new", "high", days_old=0)
    make(sales_user, "high old", "high", days_old=5)
    make(sales_user, "medium old", "medium", days_old=4, status=CaseStatus.ESCALATED)
    make(sales_user, "closed high", "high", days_old=20, status=CaseStatus.CLOSED)
    response = sales_client.get(QUEUE)
    assert response.status_code == 200
    assert subjects(response) == ["high old", "high new", "medium old", "medium new", "low old"]


def test_the_queue_columns(sales_client, sales_user):
    make(sales_user, "SSL expired", "high", days_old=3)
    response = sales_client.get(QUEUE)
    headers = [str(h["text"]).capitalize() for h in response.context["result_headers"]][1:]
    assert headers == [
        "Case number",
        "Subject",
        "Account",
        "Contact",
        "Priority",
        "Status",
        "Age",
        "Owner",
    ]
    html = response.content.decode()
    assert "SSL expired" in html and "3 d" in html and "High" in html


def test_age_is_days_or_hours_and_stops_at_closing():
    now = timezone.now()
    case = Case(created_at=now - datetime.timedelta(days=3, hours=2))
    assert age(case, now) == "3 d"
    assert age(Case(created_at=now - datetime.timedelta(hours=5)), now) == "5 h"
    case.closed_at = now - datetime.timedelta(days=2)
    assert age(case, now) == "1 d"


def test_quick_views(sales_client, sales_user):
    other = UserFactory()
    make(sales_user, "mine open", "low")
    make(other, "theirs open", "high")
    make(sales_user, "mine escalated", status=CaseStatus.ESCALATED)
    make(other, "closed now", status=CaseStatus.CLOSED)
    old = make(other, "closed long ago", status=CaseStatus.CLOSED)
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=70))
    assert subjects(sales_client.get(QUEUE, {"view": "mine"})) == ["mine escalated", "mine open"]
    assert subjects(sales_client.get(QUEUE, {"view": "open"})) == [
        "theirs open",
        "mine escalated",
        "mine open",
    ]
    assert subjects(sales_client.get(QUEUE, {"view": "escalated"})) == ["mine escalated"]
    assert subjects(sales_client.get(QUEUE, {"view": "closed_month"})) == ["closed now"]
    assert len(subjects(sales_client.get(QUEUE, {"view": "all"}))) == 5
    # The quick views are the list's views (crm.admin.kit.list_views), the queue the default.
    response = sales_client.get(QUEUE, {"view": "escalated"})
    views = response.context["list_views"]["views"]
    assert [(v["label"], v["current"]) for v in views] == [
        ("My open cases", False),
        ("All cases", False),
        ("Recently Viewed", False),
        ("All open cases", False),
        ("Escalated", True),
        ("Closed this month", False),
    ]
    assert 'href="?view=escalated" aria-current="true"' in response.content.decode()


def test_search_by_number_subject_and_account(sales_client, sales_user, account):
    case = make(sales_user, "Checkout page 500", account=account, contact=None)
    make(sales_user, "Other thing")
    for term in (case.number, case.number.lower(), "checkout", "Brightside"):
        assert subjects(sales_client.get(QUEUE, {"q": term})) == ["Checkout page 500"], term


def test_the_queue_query_count_does_not_grow_with_rows(sales_client, sales_user):
    for index in range(3):
        make(sales_user, f"case {index}")
    with CaptureQueriesContext(connection) as few:
        assert sales_client.get(QUEUE).status_code == 200
    for index in range(27):
        make(sales_user, f"more {index}")
    with CaptureQueriesContext(connection) as many:
        response = sales_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == 30
    assert len(few) == len(many) == QUEUE_QUERIES


def test_bulk_close_asks_for_a_resolution_and_reports_each_refusal(sales_client, sales_user):
    open_case = make(sales_user, "open one")
    closed = make(sales_user, "already closed", status=CaseStatus.CLOSED)
    data = {"action": "close_selected", "_selected_action": [open_case.pk, closed.pk]}
    page = sales_client.post(f"{QUEUE}?view=all", data)
    assert page.status_code == 200 and "How was" in page.content.decode()
    missing = sales_client.post(f"{QUEUE}?view=all", {**data, "post": "yes"})
    assert "This field is required" in missing.content.decode()
    assert Case.objects.get(pk=open_case.pk).status == CaseStatus.NEW
    response = sales_client.post(
        f"{QUEUE}?view=all", {**data, "post": "yes", "resolution": "Cleared cache."}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "1 case closed." in texts
    assert f"Not changed — {closed}: {closed} is already closed." in texts
    assert Case.objects.get(pk=open_case.pk).resolution == "Cleared cache."


def test_assign_is_the_admins_bulk_change_owner(crm_admin, sales_client, sales_user):
    crm_admin_client = Client()
    crm_admin_client.force_login(crm_admin)
    case = make(sales_user, "to hand over")
    agent = UserFactory(first_name="Ana", last_name="Ruiz")
    actions = crm_admin_client.get(QUEUE).context["action_form"].fields["action"].choices
    assert ("change_owner_selected", "Assign to…") in actions
    crm_admin_client.post(
        QUEUE,
        {
            "action": "change_owner_selected",
            "_selected_action": [case.pk],
            "post": "yes",
            "owner": agent.pk,
        },
    )
    assert Case.objects.get(pk=case.pk).owner == agent
    sales_actions = sales_client.get(QUEUE).context["action_form"].fields["action"].choices
    assert "change_owner_selected" not in dict(sales_actions)


def test_services_used_by_the_bulk_close_refuse_stale_input(case, sales_user):
    services.close_case(case, user=sales_user, version=None, resolution="Done.")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
