"""Close Opportunity as a dialog (issue 24): Won / Lost with the close date (today by
default) and, for a lost deal, a loss reason from the picklist — refused without one, by
the form and by ``change_stage`` — filterable in the list and counted on the loss report."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models.opportunities import LossReason, Opportunity, Stage
from crm.selectors.home import home_dashboard
from crm.selectors.opportunities import loss_reason_report
from crm.services.opportunities import change_stage
from crm.tests.factories import LineItemFactory, OpportunityFactory

pytestmark = pytest.mark.django_db
OPPS = "/crm/opportunity/"
DIALOG = {"HTTP_X_CRM_DIALOG": "1"}


def close_url(deal) -> str:
    return f"{OPPS}{deal.pk}/close/"


def close(client, deal, **data):
    body = {"version": deal.version, "_close": "1", **data}
    return client.post(close_url(deal), body)


def test_won_today_counts_in_this_months_won(sales_client, sales_user):
    today = timezone.localdate()
    deal = OpportunityFactory(owner=sales_user, close_date=today + datetime.timedelta(days=90))
    LineItemFactory(opportunity=deal, quantity=1, sale_price="1200.00")
    page = sales_client.get(close_url(deal)).content.decode()
    assert f'value="{today.isoformat()}"' in page  # the close date defaults to today
    assert home_dashboard(user=sales_user)["won_this_month"] == {}
    response = close(sales_client, deal, outcome="closed_won", close_date=today.isoformat())
    assert response.status_code == 302
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.close_date) == (Stage.CLOSED_WON, today)
    assert home_dashboard(user=sales_user)["won_this_month"] == {"USD": 1200}


def test_lost_without_a_reason_is_refused_and_nothing_is_saved(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    day = timezone.localdate().isoformat()
    response = close(sales_client, deal, outcome="closed_lost", close_date=day, loss_details="x")
    assert response.status_code == 200
    assert "Choose why the deal was lost." in response.content.decode()
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.version, stored.loss_details) == ("qualifying", 1, "")


def test_the_service_refuses_a_loss_without_a_picklist_reason(sales_user):
    deal = OpportunityFactory(owner=sales_user)
    for reason in ("", "Too expensive"):
        with pytest.raises(BusinessRuleError, match="was lost"):
            change_stage(deal, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason=reason)
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.loss_reason, stored.version) == ("qualifying", "", 1)


def test_lost_with_a_reason_and_details(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    response = close(
        sales_client,
        deal,
        outcome="closed_lost",
        close_date="2026-11-02",
        loss_reason="timing",
        loss_details=" Next year ",
    )
    assert response.status_code == 302
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.loss_reason, stored.loss_details) == (
        "closed_lost",
        "timing",
        "Next year",
    )
    assert stored.close_date == datetime.date(2026, 11, 2)
    page = sales_client.get(f"{OPPS}{deal.pk}/change/").content.decode()
    assert "Timing" in page and "Next year" in page


def test_won_ignores_loss_fields(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    day = timezone.localdate().isoformat()
    close(sales_client, deal, outcome="closed_won", close_date=day, loss_reason="price")
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.loss_reason, stored.loss_details) == ("closed_won", "", "")


def test_list_filter_and_loss_report(crm_admin_client, sales_user):
    price = OpportunityFactory(owner=sales_user, name="Too dear")
    LineItemFactory(opportunity=price, quantity=1, sale_price="500.00")
    change_stage(price, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason=LossReason.PRICE)
    timing = OpportunityFactory(owner=sales_user, name="Not now")
    change_stage(timing, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason=LossReason.TIMING)
    listed = crm_admin_client.get(f"{OPPS}?loss_reason__exact=price&stage=all")
    names = {deal.name for deal in listed.context["cl"].result_list}
    assert names == {"Too dear"}
    rows = {row.reason: row for row in loss_reason_report(currency="USD")}
    assert (rows["price"].deals, rows["price"].amount) == (1, 500)
    assert rows["timing"].deals == 1 and rows["competitor"].deals == 0
    report = crm_admin_client.get("/crm/lead/sources/").content.decode()
    assert 'data-report="loss-reasons"' in report and "loss_reason__exact=price" in report


def test_the_dialog_shows_the_deal_and_posts_back(sales_client, sales_user):
    deal = OpportunityFactory(owner=sales_user, name="Website rebuild")
    with CaptureQueriesContext(connection) as asked:
        page = sales_client.get(close_url(deal), **DIALOG)
    assert len(asked) <= 12, [q["sql"] for q in asked.captured_queries]
    html = page.content.decode()
    assert "data-crm-dialog-body" in html and "crm-dialog-identity" in html
    assert "Website rebuild" in html and deal.account.name in html
    assert 'data-crm-dialog-title="Close Opportunity"' in html
    done = sales_client.post(
        close_url(deal),
        {"version": 1, "_close": "1", "outcome": "closed_won", "close_date": "2026-12-01"},
        **DIALOG,
    )
    # A dialog's fetch gets the redirect as a header; the toast waits for that page.
    assert done.status_code == 200 and done["X-CRM-Location"] == f"{OPPS}{deal.pk}/change/"
    follow = sales_client.get(done["X-CRM-Location"])
    assert "Opportunity 'Website rebuild' is Closed Won." in [
        str(m) for m in follow.context["messages"]
    ]
