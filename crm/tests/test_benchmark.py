"""The benchmark command on a tiny data set: it seeds within the constraints, refuses a
database with real data, and measures every page without an error (numbers not checked)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from crm.benchmark.api_pages import NOT_ROUTED
from crm.benchmark.seed import BENCH_DOMAIN, SHOWCASE_NAME
from crm.models import Account, Activity, Contact, Opportunity, User
from crm.models.opportunity_lines import OpportunityLineItem
from crm.selectors.activities import timeline_filter
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)
SCALE = "0.003"  # 60 accounts, 180 contacts, 120 leads, 90 opportunities


def run(*args) -> str:
    out = io.StringIO()
    call_command("benchmark", *args, stdout=out)
    return out.getvalue()


def test_seed_then_measure_every_page():
    output = run("--seed", "--scale", SCALE)
    assert "Seeded in" in output
    assert Account.objects.count() == 60 and Contact.objects.count() == 180
    assert Opportunity.objects.count() == 90
    assert Activity.objects.count() == 600
    showcase = Account.objects.get(name=SHOWCASE_NAME)
    assert Activity.objects.filter(timeline_filter(showcase)).count() >= 60
    assert OpportunityLineItem.objects.filter(sale_price__lte=0).count() == 0
    assert not User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").exists()

    report = json.loads(run("--runs", "1", "--warmups", "0", "--json"))
    pages = {row["page"]: row for row in report["pages"]}
    assert {"kanban, all owners", "command palette 'Nova'", "kanban move (write)"} <= set(pages)
    assert "CSV export, all accounts" in pages and "account save (write)" in pages
    assert {"calendar feed, a month of mine", "my tasks (all open)", "home (team)"} <= set(pages)
    assert "calendar reschedule (write)" in pages
    assert {"invoice list", "invoice list, Overdue view", "invoice record", "invoice PDF"} <= set(
        pages
    )
    # Every object list is timed once: the rest after the sales lists, none twice.
    assert {"case list", "quote list", "opportunity line item list", "email list"} <= set(pages)
    assert "activity list" not in pages and "all activities" in pages
    api = {label for label in pages if label.startswith("API ") and label != "API token list"}
    assert {"API accounts list (100)", "API orders by balance due (100)"} <= api
    assert "API account PATCH (write)" in api and len(api) == 11
    failures = {label: row["error"] for label, row in pages.items() if "error" in row}
    assert failures == {}
    assert all(row["queries"] > 0 and row["p95_ms"] > 0 for row in pages.values())

    table = run("--runs", "1", "--warmups", "0", "--only", "kanban")
    assert "p50 ms" in table and "kanban, mine" in table and "account list" not in table


def test_api_pages_write_with_the_etag_they_read():
    """Each API write runs with the ETag the previous one returned; a resource this build does
    not route shows as such (404) instead of failing the run."""
    run("--seed", "--scale", "0.001")
    plain = Account.objects.exclude(name=SHOWCASE_NAME).order_by("pk").first()
    report = json.loads(run("--runs", "3", "--warmups", "1", "--only", "API", "--json"))
    rows = {row["page"]: row for row in report["pages"]}
    assert rows["API account PATCH (write)"]["status"] == 200
    assert Account.objects.get(pk=plain.pk).version == plain.version + 4
    assert rows["API account detail (showcase)"]["queries"] > 0
    assert {label: row["error"] for label, row in rows.items() if "error" in row} == {}
    for label, row in rows.items():
        assert row["status"] == (404 if label.endswith(NOT_ROUTED) else 200), label


def test_seed_refuses_a_database_with_real_data():
    UserFactory(email="someone@agency.example")
    with pytest.raises(CommandError, match="did not create"):
        run("--seed", "--scale", SCALE)
    assert not Account.objects.exists()


def test_seed_refuses_to_seed_twice():
    run("--seed", "--scale", "0.001")
    with pytest.raises(CommandError, match="already seeded"):
        run("--seed", "--scale", "0.001")


def test_measure_without_data_explains():
    with pytest.raises(CommandError, match="benchmark --seed"):
        run("--runs", "1")
