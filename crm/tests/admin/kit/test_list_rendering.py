"""What a list row costs to draw (issue 23 item 8): the kit's shortcuts render exactly what
Unfold would, once instead of once per row."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from unfold.admin import checkbox
from unfold.utils import display_for_label

from crm.admin.kit.list_rendering import remembered_label
from crm.models import Account, Case, CaseStatus
from crm.tests.factories import AccountFactory, CaseFactory

CASES = reverse("admin:crm_case_changelist")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("Closed Won", {"Closed Won": "success", "Closed Lost": "danger"}),
        ("Proposal", {"Closed Won": "success"}),
        ("High", True),
        (3, {3: "warning"}),
    ],
)
def test_a_remembered_pill_is_unfolds_pill(value, label):
    assert remembered_label(value, "—", label) == display_for_label(value, "—", label)
    assert remembered_label(value, "—", label) == remembered_label(value, "—", label)


def test_values_that_cannot_be_remembered_go_straight_to_unfold():
    for value in (("x", "y"), None, True):
        assert remembered_label(value, "—", {"a": "info"}) == display_for_label(
            value, "—", {"a": "info"}
        )


def test_the_row_checkbox_is_unfolds_checkbox():
    account = Account(pk=42)
    model_admin = admin.site._registry[Account]
    assert model_admin.action_checkbox(account) == checkbox.render(ACTION_CHECKBOX_NAME, "42")


@pytest.mark.django_db
def test_pills_are_drawn_once_per_text_not_once_per_row(crm_admin_client, crm_admin):
    cases = CaseFactory.create_batch(12, owner=crm_admin)
    Case.objects.filter(pk__in=[c.pk for c in cases[:6]]).update(status=CaseStatus.IN_PROGRESS)
    response = crm_admin_client.get(CASES, {"view": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("In Progress") >= 6  # the pills are there …
    drawn = [t.name for t in response.templates].count("unfold/helpers/label.html")
    assert drawn <= 6  # … drawn at most once per (text, tone), not 2 × 12 times


@pytest.mark.django_db
def test_a_list_counts_its_rows_once(crm_admin_client, crm_admin):
    AccountFactory.create_batch(3, owner=crm_admin)
    with CaptureQueriesContext(connection) as queries:
        response = crm_admin_client.get(reverse("admin:crm_account_changelist"), {"view": "all"})
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1, counts
    assert "total)" not in response.content.decode()  # no "3 results (3 total)"


def test_the_list_title_names_the_objects_and_the_header_has_no_show_all(crm_admin_client):
    html = crm_admin_client.get(reverse("admin:crm_account_changelist")).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.split()[-4:] == ["Accounts", "|", "Agency", "CRM"], title
    assert "Select account to change" not in html
    assert "Show all</a>)" not in html  # "N items · Sorted by …" above the table says it
    popup = crm_admin_client.get(reverse("admin:crm_account_changelist") + "?_popup=1")
    assert "Select account" in popup.content.decode()
