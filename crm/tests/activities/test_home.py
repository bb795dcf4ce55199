"""Home (admin index): KPI cards with links, charts, My day, Mine / Team, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from djmoney.money import Money

from crm.models import Opportunity
from crm.selectors.home import MINE, TEAM, home_dashboard, month_starts
from crm.services.leads import convert_lead
from crm.tests.factories import (
    AccountFactory,
    EventFactory,
    LeadFactory,
    LineItemFactory,
    OpportunityFactory,
    TaskFactory,
    UserFactory,
)
from crm.tests.leads.conftest import set_status

pytestmark = pytest.mark.django_db
HOME = "/"


def _deal(owner, *, stage="qualifying", amount="1000.00", close_date=None):
    opportunity = OpportunityFactory(
        account=AccountFactory(owner=owner), close_date=close_date or timezone.localdate()
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(
        stage=stage, probability={"qualifying": 10, "proposal": 50, "closed_won": 100}[stage]
    )
    LineItemFactory(opportunity=opportunity, sale_price=Money(amount, "USD"))
    return opportunity


def test_kpis_for_mine_and_team(sales_user):
    colleague = UserFactory()
    _deal(sales_user, amount="1000.00")
    _deal(sales_user, stage="proposal", amount="2000.00")
    _deal(sales_user, stage="closed_won", amount="500.00")
    _deal(colleague, amount="9000.00")
    LeadFactory(owner=sales_user)
    referral = set_status(LeadFactory(owner=sales_user, lead_source="referral"), "qualified")
    convert_lead(referral, user=sales_user, opportunity_name="", create_opportunity=False)
    mine = home_dashboard(user=sales_user)
    assert mine["scope"] == MINE
    assert mine["open_pipeline"] == {"USD": 3000}
    assert mine["weighted_pipeline"] == {"USD": 1100}
    assert mine["won_this_month"] == {"USD": 500}
    assert mine["open_leads"] == 1
    assert {row["source"]: row["rate"] for row in mine["leads_by_source"]} == {
        "web": 0,
        "referral": 100,
    }
    team = home_dashboard(user=sales_user, scope=TEAM)
    assert team["open_pipeline"] == {"USD": 12000}


def test_admins_see_the_team_by_default(crm_admin):
    assert home_dashboard(user=crm_admin)["scope"] == TEAM


def test_won_by_month_covers_twelve_months_oldest_first(sales_user):
    today = timezone.localdate()
    months = month_starts(today)
    assert len(months) == 12 and months[-1] == today.replace(day=1)
    _deal(sales_user, stage="closed_won", amount="700.00", close_date=months[0])
    series = home_dashboard(user=sales_user)["won_by_month"]
    assert [m for m, _ in series] == months and series[0][1] == {"USD": 700}


def test_my_day_lists_my_open_tasks_overdue_first_and_my_week_of_events(sales_user):
    today = timezone.localdate()
    overdue = TaskFactory(owner=sales_user, due_date=today - datetime.timedelta(days=1))
    later = TaskFactory(owner=sales_user, due_date=today + datetime.timedelta(days=3))
    TaskFactory(owner=sales_user, status="completed")
    TaskFactory(owner=UserFactory())
    soon = EventFactory(owner=sales_user)
    EventFactory(
        owner=sales_user,
        start_time=timezone.now() + datetime.timedelta(days=20),
        end_time=timezone.now() + datetime.timedelta(days=20),
    )
    data = home_dashboard(user=sales_user)
    assert [t.pk for t in data["my_tasks"]] == [overdue.pk, later.pk]
    assert [e.pk for e in data["my_events"]] == [soon.pk]


def test_home_page_shows_cards_charts_and_my_day(sales_client, sales_user):
    _deal(sales_user, amount="1000.00")
    TaskFactory(
        owner=sales_user,
        subject="Call Brightside",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    response = sales_client.get(HOME)
    html = response.content.decode()
    assert "Open pipeline" in html and "$1,000.00" in html
    assert "/crm/opportunity/?stage=open&amp;owner=me" in html
    assert 'data-testid="pipeline-chart"' in html and 'data-testid="won-chart"' in html
    assert "Call Brightside" in html and "crm-activity__date--overdue" in html
    assert "crm-activity__check" in html
    assert "/crm/activity/add/?type=task" in html and "/crm/activity/add/?type=event" in html
    chart = response.context["pipeline_chart"]
    first = chart["rows"][0]
    assert first["label"] == "Qualifying" and first["bars"][0]["text"] == "$1,000.00"
    team = sales_client.get(f"{HOME}?scope=team").content.decode()
    assert "/crm/opportunity/?stage=open&amp;owner=me" not in team


def test_completing_a_task_from_home_returns_home(sales_client, sales_user):
    task = TaskFactory(owner=sales_user)
    response = sales_client.post(
        f"/crm/activity/{task.pk}/complete/", {"version": 1, "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    toasts = [str(message) for message in response.context["messages"]]
    assert f"Task '{task.subject}' was completed." in toasts


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_queries_are_constant(sales_client, sales_user):
    def add(n):
        for _ in range(n):
            _deal(sales_user)
            _deal(sales_user, stage="closed_won")
            TaskFactory(owner=sales_user)
            EventFactory(owner=sales_user)
            LeadFactory(owner=sales_user)

    add(1)
    _queries(sales_client, HOME)
    few = _queries(sales_client, HOME)
    add(8)
    _queries(sales_client, HOME)  # the new deals change the cached figures' key once
    assert _queries(sales_client, HOME) == few
