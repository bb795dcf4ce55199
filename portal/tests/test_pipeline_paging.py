"""Kanban at any size: first page per column, "Show more", constant queries and page weight."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.models.opportunities import STAGE_PROBABILITY, Opportunity, Stage
from crm.models.opportunity_lines import OpportunityLineItem
from crm.selectors.pipeline import PAGE_SIZE
from crm.tests.factories import AccountFactory, ProductFactory
from portal.formatting import short_money

pytestmark = pytest.mark.django_db
BOARD = "/portal/pipeline/"
COLUMN = "/portal/pipeline/column/"


def bulk_deals(owner, count, stage=Stage.PROPOSAL, start=0):
    """``count`` deals (one $1,000 line each) in ``stage``, closing on consecutive days."""
    account, product = AccountFactory(owner=owner), ProductFactory(owner=owner)
    today = datetime.date.today()
    deals = []
    for i in range(start, start + count):
        deal = Opportunity(
            name=f"Deal {i:04d}",
            account=account,
            owner=owner,
            close_date=today + datetime.timedelta(days=i),
            probability=STAGE_PROBABILITY[stage],
        )
        deal.__dict__["stage"] = stage
        deals.append(deal)
    deals = Opportunity.objects.bulk_create(deals)
    OpportunityLineItem.objects.bulk_create(
        OpportunityLineItem(
            opportunity=deal, product=product, quantity=1, sale_price=Money(1000, "USD")
        )
        for deal in deals
    )
    return deals


def proposal(response):
    return next(c for c in response.context["columns"] if c.stage == Stage.PROPOSAL)


def test_board_renders_the_first_page_with_exact_count_and_sums(sales_client, sales_user):
    bulk_deals(sales_user, PAGE_SIZE + 5)
    response = sales_client.get(BOARD)
    column = proposal(response)
    assert column.count == PAGE_SIZE + 5 and column.has_more
    assert [card["name"] for card in column.cards] == [f"Deal {i:04d}" for i in range(PAGE_SIZE)]
    assert column.totals == {"USD": Decimal("30000")}
    assert column.weighted == {"USD": Decimal("15000")}
    html = response.content.decode()
    assert html.count('class="pipeline__card"') == PAGE_SIZE
    assert 'class="pipeline__more" data-stage="proposal"' in html
    assert 'class="pipeline__more" data-stage="qualifying"' not in html


def test_show_more_returns_the_next_page_then_the_last(sales_client, sales_user):
    bulk_deals(sales_user, 2 * PAGE_SIZE + 3)
    first = sales_client.get(COLUMN, {"stage": "proposal", "offset": PAGE_SIZE}).json()
    assert first["ok"] and first["next_offset"] == 2 * PAGE_SIZE
    assert first["html"].count('class="pipeline__card"') == PAGE_SIZE
    assert "Deal 0025" in first["html"] and "Deal 0024" not in first["html"]
    assert 'data-version="1"' in first["html"] and "/crm/opportunity/" in first["html"]
    last = sales_client.get(COLUMN, {"stage": "proposal", "offset": 2 * PAGE_SIZE}).json()
    assert last["next_offset"] is None and last["html"].count('class="pipeline__card"') == 3


def test_show_more_keeps_the_board_filters(sales_client, sales_user, crm_admin):
    bulk_deals(crm_admin, 5)
    data = sales_client.get(COLUMN, {"stage": "proposal", "offset": 0, "owner": "me"}).json()
    assert data["html"] == "" and data["next_offset"] is None


@pytest.mark.parametrize(
    "params", [{"stage": "nope", "offset": 0}, {"stage": "proposal", "offset": "x"}, {}]
)
def test_show_more_bad_parameters_are_400_json(sales_client, params):
    response = sales_client.get(COLUMN, params)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["ok"] is False and response.json()["error"]


def test_show_more_anonymous_is_401_json(client):
    response = client.get(COLUMN, {"stage": "proposal"})
    assert response.status_code == 401 and response.json()["ok"] is False


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def test_query_counts_and_page_weight_do_not_grow_with_the_deals(sales_client, sales_user):
    bulk_deals(sales_user, 3)
    board_few, small = _queries(sales_client, BOARD)
    more_few, _ = _queries(sales_client, COLUMN, {"stage": "proposal", "offset": 1})
    bulk_deals(sales_user, 297, start=3)
    board_many, large = _queries(sales_client, BOARD)
    more_many, _ = _queries(sales_client, COLUMN, {"stage": "proposal", "offset": 1})
    assert board_few == board_many <= 9
    assert more_few == more_many <= 5  # session, user, 2 permission queries, the cards
    # 22 more cards in the first page, nothing for the other 275 deals.
    card_bytes = (len(large.content) - len(small.content)) / (PAGE_SIZE - 3)
    assert card_bytes < 450
    assert proposal(large).count == 300 and len(proposal(large).cards) == PAGE_SIZE


def test_board_page_weight_is_capped_per_column(sales_client, sales_user):
    bulk_deals(sales_user, PAGE_SIZE)
    full_page = len(sales_client.get(BOARD).content)
    bulk_deals(sales_user, 200, start=PAGE_SIZE)
    assert len(sales_client.get(BOARD).content) - full_page < 400  # counts and sums only


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "$0"),
        (950, "$950"),
        (4000, "$4K"),
        (12500, "$12.5K"),
        (1_234_567, "$1.2M"),
        (3_000_000_000, "$3B"),
        (-2500, "-$2.5K"),
    ],
)
def test_short_money(amount, shown):
    assert short_money(Decimal(amount), "USD") == shown


def test_short_money_other_currency():
    assert short_money(Decimal("1500000"), "EUR") == "€1.5M"
