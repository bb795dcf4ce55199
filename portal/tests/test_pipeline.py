"""Pipeline Kanban: board rendering, sums, filters, and the move endpoint's answers."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from djmoney.money import Money

from crm.errors import STALE_RECORD_MESSAGE
from crm.models.opportunities import Opportunity, Stage
from crm.services.opportunities import change_stage
from crm.tests.factories import LineItemFactory, OpportunityFactory, UserFactory
from portal.formatting import column_sums

pytestmark = pytest.mark.django_db
BOARD = "/portal/pipeline/"
MOVE = "/portal/pipeline/move/"


def deal(owner, amount="1000", **kwargs):
    opportunity = OpportunityFactory(owner=owner, close_date=timezone.localdate(), **kwargs)
    LineItemFactory(opportunity=opportunity, quantity=Decimal("1"), sale_price=Money(amount, "USD"))
    return opportunity


def move(client, opportunity, stage, version=None, **extra):
    payload = {
        "id": opportunity.pk,
        "stage": stage,
        "version": opportunity.version if version is None else version,
        **extra,
    }
    return client.post(MOVE, json.dumps(payload), content_type="application/json")


def column(response, stage):
    return next(c for c in response.context["columns"] if c.stage == stage)


def test_board_shows_columns_with_counts_totals_and_weighted(sales_client, sales_user):
    deal(sales_user, "1000")
    deal(sales_user, "3000")
    response = sales_client.get(BOARD)
    assert response.status_code == 200
    qualifying = column(response, Stage.QUALIFYING)
    assert qualifying.count == 2
    assert column_sums(qualifying) == {
        "count": 2,
        "total": "$4K",
        "weighted": "$400",
        "total_exact": "$4,000.00",
        "weighted_exact": "$400.00",
    }
    html = response.content.decode()
    assert "Pipeline" in html and "Sortable.min.js" in html
    assert 'title="Total $4,000.00">$4K</span>' in html
    assert "weighted amount (amount × the stage's probability" in html


def test_move_succeeds_and_returns_new_totals(sales_client, sales_user):
    opportunity = deal(sales_user, "2000")
    response = move(sales_client, opportunity, Stage.PROPOSAL)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["card"]["stage"] == "proposal" and data["card"]["version"] == 2
    assert data["columns"]["proposal"] == {
        "count": 1,
        "total": "$2K",
        "weighted": "$1K",
        "total_exact": "$2,000.00",
        "weighted_exact": "$1,000.00",
    }
    # Only the two touched columns are recomputed and returned.
    assert set(data["columns"]) == {"qualifying", "proposal"}
    assert data["columns"]["qualifying"]["count"] == 0
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.PROPOSAL


def test_stale_version_is_409_and_changes_nothing(sales_client, sales_user):
    opportunity = deal(sales_user)
    change_stage(opportunity, stage=Stage.NEEDS_ANALYSIS, user=sales_user)
    response = move(sales_client, opportunity, Stage.PROPOSAL, version=1)
    assert response.status_code == 409
    assert response.json() == {"ok": False, "error": STALE_RECORD_MESSAGE}
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.NEEDS_ANALYSIS


def test_illegal_move_is_400_with_the_rule(sales_client, sales_user):
    opportunity = deal(sales_user)
    change_stage(opportunity, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason="price")
    response = move(sales_client, opportunity, Stage.QUALIFYING)
    assert response.status_code == 400
    assert response.json()["error"] == "Only admins can reopen a lost opportunity."
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.CLOSED_LOST


def test_admin_may_reopen_lost_from_the_board(crm_admin_client, crm_admin):
    opportunity = deal(crm_admin)
    change_stage(opportunity, stage=Stage.CLOSED_LOST, user=crm_admin, loss_reason="price")
    assert move(crm_admin_client, opportunity, Stage.NEGOTIATION).status_code == 200


def test_lost_with_reason(sales_client, sales_user):
    opportunity = deal(sales_user)
    refused = move(sales_client, opportunity, Stage.CLOSED_LOST, loss_details="Too expensive")
    assert refused.status_code == 400 and "was lost" in refused.json()["error"]
    assert Opportunity.objects.get(pk=opportunity.pk).stage != Stage.CLOSED_LOST
    response = move(
        sales_client, opportunity, Stage.CLOSED_LOST, loss_reason="price", loss_details="Too high"
    )
    assert response.status_code == 200
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.loss_reason, stored.loss_details) == ("price", "Too high")


def test_bad_payload_is_400(sales_client):
    response = sales_client.post(MOVE, "not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["ok"] is False


def test_unknown_opportunity_is_404_json(sales_client):
    response = sales_client.post(
        MOVE,
        json.dumps({"id": 999999, "stage": "proposal", "version": 1}),
        content_type="application/json",
    )
    assert response.status_code == 404 and "no longer exists" in response.json()["error"]


def test_anonymous_gets_login_redirect_and_json_401(client, sales_user):
    opportunity = deal(sales_user)
    page = client.get(BOARD)
    assert page.status_code == 302 and page.url.startswith("/login/")
    response = move(client, opportunity, Stage.PROPOSAL)
    assert response.status_code == 401
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING


def test_user_without_permission_gets_403(sales_user):
    outsider = UserFactory()
    outsider.groups.clear()
    client = Client()
    client.force_login(outsider)
    opportunity = deal(sales_user)
    assert client.get(BOARD).status_code == 403
    assert move(client, opportunity, Stage.PROPOSAL).status_code == 403


def test_csrf_is_enforced(sales_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    assert move(client, deal(sales_user), Stage.PROPOSAL).status_code == 403


def test_filters_owner_me_and_search(sales_client, sales_user, crm_admin):
    deal(sales_user, name="Bakery site")
    deal(crm_admin, name="Dentist SEO")
    mine = sales_client.get(BOARD, {"owner": "me"})
    assert column(mine, Stage.QUALIFYING).count == 1
    found = sales_client.get(BOARD, {"q": "dentist"})
    cards = column(found, Stage.QUALIFYING).cards
    assert [card["name"] for card in cards] == ["Dentist SEO"]


def test_closed_columns_only_show_the_chosen_period(sales_client, sales_user):
    old = OpportunityFactory(owner=sales_user, close_date=datetime.date(2020, 1, 15))
    change_stage(old, stage=Stage.CLOSED_WON, user=sales_user)
    recent = deal(sales_user)
    change_stage(recent, stage=Stage.CLOSED_WON, user=sales_user)
    board = sales_client.get(BOARD)
    assert [c["id"] for c in column(board, Stage.CLOSED_WON).cards] == [recent.pk]


def _board_queries(client, owner, count):
    for _ in range(count):
        deal(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BOARD)
    assert response.status_code == 200
    return len(queries), column(response, Stage.QUALIFYING).count


def test_board_query_count_is_constant(sales_client, sales_user):
    few, few_cards = _board_queries(sales_client, sales_user, 3)
    many, many_cards = _board_queries(sales_client, sales_user, 40)
    assert (few_cards, many_cards) == (3, 43)
    assert few == many <= 9


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP"])
def test_fast_money_format_matches_django_money(currency):
    from crm.formatting import format_money

    for amount in (Decimal("0"), Decimal("5.5"), Decimal("1234567.891")):
        assert format_money(amount.quantize(Decimal("0.01")), currency) == str(
            Money(amount.quantize(Decimal("0.01")), currency)
        )


def test_card_values_are_escaped(sales_client, sales_user):
    deal(sales_user, name='<script>alert("x")</script>')
    html = sales_client.get(BOARD).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
