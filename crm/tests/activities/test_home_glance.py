"""Home to read at a glance (issue 25 item 5): every KPI card, chart bar and table row opens a
list holding exactly the records it counts; leads by source with the report's labels; money
formatted; recently viewed; no shortcut grid; a constant number of queries."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.home_charts import axis_top, compact_number, nice_max
from crm.models import Case, Opportunity
from crm.selectors.home import home_dashboard
from crm.selectors.leads import lead_source_report
from crm.services.leads import convert_lead
from crm.services.opportunities import change_stage
from crm.services.recently_viewed import record_view
from crm.tests.activities.test_home import _deal
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    EventFactory,
    LeadFactory,
    TaskFactory,
    UserFactory,
)
from crm.tests.leads.conftest import set_status

pytestmark = pytest.mark.django_db
HOME = "/"


def _converted(owner, source):
    lead = set_status(LeadFactory(owner=owner, lead_source=source), "qualified")
    convert_lead(lead, user=owner, opportunity_name="", create_opportunity=False)
    return lead


def _count(client, url) -> int:
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def _some_of_everything(owner):
    colleague = UserFactory()
    _deal(owner, amount="1000.00")
    _deal(owner, amount="500.00")
    _deal(owner, stage="proposal", amount="2000.00")
    _deal(owner, stage="closed_won", amount="700.00")
    _deal(colleague, amount="9000.00")
    _deal(colleague, stage="closed_won", amount="300.00")
    for source in ("web", "web", "partner_referral", ""):
        LeadFactory(owner=owner, lead_source=source)
    _converted(owner, "web")
    LeadFactory(owner=colleague, lead_source="referral")
    account = AccountFactory(owner=owner)
    CaseFactory(account=account, priority="high")
    CaseFactory(account=account, priority="high")
    CaseFactory(account=account, priority="low", status="escalated")
    CaseFactory(
        account=AccountFactory(owner=colleague),
        priority="medium",
        status="closed",
        closed_at=timezone.now(),
    )


def test_leads_by_source_table_numbers_and_the_reports_labels(sales_user):
    LeadFactory(owner=sales_user, lead_source="web")
    LeadFactory(owner=sales_user, lead_source="web")
    _converted(sales_user, "web")
    _converted(sales_user, "partner_referral")
    LeadFactory(owner=sales_user, lead_source="")
    rows = home_dashboard(user=sales_user)["leads_by_source"]
    table = [(r["label"], r["count"], r["converted"], str(r["rate"])) for r in rows]
    assert table == [
        ("Web", 3, 1, "33.3"),  # 1 of 3
        ("Partner Referral", 1, 1, "100.0"),
        ("Unspecified", 1, 0, "0.0"),
    ]
    report = {row.source: row.label for row in lead_source_report()}
    assert {row["source"]: row["label"] for row in rows} == {
        source: report[source] for source in ("web", "partner_referral", "")
    }


def test_leads_table_renders_each_column_apart_and_links_each_source(sales_client, sales_user):
    _some_of_everything(sales_user)
    response = sales_client.get(HOME)
    html = response.content.decode()
    assert "<td>Unspecified</td>" in html and "Unknown" not in html
    assert '<td class="crm-home__num">3</td>' in html  # web: 2 leads + 1 converted
    for row in response.context["leads_by_source"]:
        if row["url"]:
            assert _count(sales_client, row["url"]) == row["count"], row["label"]


@pytest.mark.parametrize("scope", ["mine", "team"])
def test_each_kpi_opens_a_list_of_exactly_the_records_it_counts(client, crm_admin, scope):
    _some_of_everything(crm_admin)
    client.force_login(crm_admin)
    response = client.get(f"{HOME}?scope={scope}")
    data = home_dashboard(user=crm_admin, scope=scope)
    kpis = {kpi["title"]: kpi["url"] for kpi in response.context["kpis"]}
    assert len(kpis) == 6
    assert _count(client, kpis["Open pipeline"]) == data["open_count"]
    assert _count(client, kpis["Weighted pipeline"]) == data["open_count"]
    assert _count(client, kpis["Won this month"]) == data["won_this_month_count"]
    assert _count(client, kpis["Open leads"]) == data["open_leads"]
    assert _count(client, kpis["Open cases"]) == data["open_cases"]
    assert data["open_count"] == (3 if scope == "mine" else 4)
    assert data["open_cases"] == 3


@pytest.mark.parametrize("scope", ["mine", "team"])
def test_each_chart_bar_opens_a_list_of_exactly_its_records(client, crm_admin, scope):
    _some_of_everything(crm_admin)
    client.force_login(crm_admin)
    context = client.get(f"{HOME}?scope={scope}").context
    opportunities = Opportunity.objects.all()
    cases = Case.objects.all()
    if scope == "mine":
        opportunities = opportunities.filter(owner=crm_admin)
        cases = cases.filter(owner=crm_admin)
    stages = {row["label"]: row["url"] for row in context["pipeline_chart"]["rows"]}
    assert _count(client, stages["Qualifying"]) == opportunities.filter(stage="qualifying").count()
    assert _count(client, stages["Proposal"]) == 1
    this_month = context["won_chart"]["rows"][-1]
    assert _count(client, this_month["url"]) == opportunities.filter(stage="closed_won").count()
    checked = 0
    for row in context["cases_chart"]["rows"]:
        for segment in row["bars"][0]["segments"]:
            status = {"New": "new", "Escalated": "escalated", "Closed": "closed"}[row["label"]]
            expected = cases.filter(status=status, priority=segment["label"].lower()).count()
            assert segment["value"] == expected
            assert _count(client, segment["url"]) == expected
            checked += 1
    assert checked == (2 if scope == "mine" else 3)


def test_charts_write_values_axis_and_legend(crm_admin_client, crm_admin):
    _some_of_everything(crm_admin)
    html = crm_admin_client.get(HOME).content.decode()
    # Qualifying: 1,000 + 500 of mine and the colleague's 9,000, on an axis to 20K.
    assert "Open pipeline by stage" in html and "$10,500.00" in html
    assert '<span class="crm-chart__tick" style="left: 100.0%">$20K</span>' in html
    assert '<span class="crm-chart__tick" style="left: 50.0%">$10K</span>' in html
    cases_legend = html.split('data-testid="cases-chart"')[1].split("</ul>")[0]
    assert all(f"</span>{p}</li>" in cases_legend for p in ("High", "Medium", "Low"))
    assert 'style="width: 50.0%; background: #0176D3"' in html  # New: 2 high, axis to 4
    assert '<span class="crm-chart__tick" style="left: 25.0%">1</span>' in html


def test_axis_rounds_up_to_a_readable_maximum():
    assert [nice_max(v) for v in (0, 3, 7, 12000, 23000, 180)] == [1, 5, 10, 20000, 25000, 200]
    assert [axis_top(v, whole=True) for v in (0, 3, 5, 9, 130)] == [4, 4, 8, 12, 200]
    assert axis_top(10500) == 20000
    assert [compact_number(v) for v in (0, 2500, 1_000_000, 12.5)] == ["0", "2.5K", "1M", "12.5"]


def test_closing_this_month_is_full_width_with_formatted_money(sales_client, sales_user):
    _deal(sales_user, amount="19740.00")
    html = sales_client.get(HOME).content.decode()
    closing = html.split('id="closing-this-month"')[1].split("</section>")[0]
    assert '<td class="crm-home__num">$19,740.00</td>' in closing
    assert "19740.0000" not in html
    before = html.split('id="closing-this-month"')[0]
    assert before.rstrip().endswith('<section class="crm-card"')  # not inside a row of cards


def test_recently_viewed_replaces_recently_changed(sales_client, sales_user):
    changed = AccountFactory(owner=sales_user, name="Changed Not Opened")
    opened = AccountFactory(owner=UserFactory(), name="Opened Elsewhere")
    record_view(user=sales_user, record=opened)
    html = sales_client.get(HOME).content.decode()
    recent = html.split('id="recent-records"')[1].split("</section>")[0]
    assert "Recently viewed" in recent and "Opened Elsewhere" in recent
    assert changed.name not in recent


def test_no_go_to_grid_and_activity_buttons_open_the_composer(sales_client):
    html = sales_client.get(HOME).content.decode()
    assert ">Go to<" not in html and "crm-quicklinks__group" not in html
    for url, label in (
        ("/crm/activity/add/?type=task", "New Task"),
        ("/crm/activity/add/?type=event", "New Event"),
        ("/crm/activity/add/?type=call", "Log a Call"),
    ):
        assert f'href="{url}" data-crm-composer=' in html and label in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add(owner, n):
    for _ in range(n):
        _some_of_everything(owner)
        account = AccountFactory(owner=owner)
        TaskFactory(
            owner=owner,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
            related_account=account,
            contact=ContactFactory(account=account),
        )
        EventFactory(owner=owner, related_account=account)
        record_view(user=owner, record=AccountFactory(owner=owner))
        record_view(user=owner, record=LeadFactory(owner=owner))


# Pinned: the session and user, then one grouped query per KPI family, chart and My day list,
# the records My day's rows relate to (one per kind: account, contact) and recently viewed
# (one + one per kind shown). Changing these numbers needs a reason.
@pytest.mark.parametrize(("who", "expected"), [("crm_admin", 19), ("sales_user", 17)])
def test_home_query_count_is_pinned_and_does_not_grow(client, request, who, expected):
    user = request.getfixturevalue(who)
    client.force_login(user)
    _add(user, 1)
    _queries(client, HOME)  # warm caches (content types, overdue retainers)
    assert _queries(client, HOME) == expected
    _add(user, 4)
    _queries(client, HOME)
    assert _queries(client, HOME) == expected


def test_cached_deal_figures_follow_every_write(sales_user):
    deal = _deal(sales_user, amount="1000.00")
    other = _deal(sales_user, amount="400.00")
    assert home_dashboard(user=sales_user)["open_pipeline"] == {"USD": 1400}
    deal.refresh_from_db()
    change_stage(deal, stage="closed_won", user=sales_user, close_date=timezone.localdate())
    data = home_dashboard(user=sales_user)
    assert data["open_pipeline"] == {"USD": 400} and data["won_this_month"] == {"USD": 1000}
    line = other.line_items.get()
    line.quantity = 2
    line.save()
    assert home_dashboard(user=sales_user)["open_pipeline"] == {"USD": 800}
    line.delete()
    assert home_dashboard(user=sales_user)["open_pipeline"] == {"USD": 0}  # a deal, no lines


def test_cached_lead_figures_follow_every_write(sales_user):
    lead = LeadFactory(owner=sales_user, lead_source="web")
    assert home_dashboard(user=sales_user)["open_leads"] == 1
    set_status(lead, "qualified")
    convert_lead(lead, user=sales_user, opportunity_name="", create_opportunity=False)
    data = home_dashboard(user=sales_user)
    assert data["open_leads"] == 0 and data["leads_by_source"][0]["converted"] == 1
    LeadFactory(owner=sales_user, lead_source="")
    assert home_dashboard(user=sales_user)["open_leads"] == 1
