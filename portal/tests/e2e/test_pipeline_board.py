"""Browser: drag cards on the pipeline Kanban (Playwright + Debian Chromium)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from crm.models.opportunities import Opportunity, Stage
from crm.services.opportunities import change_stage
from crm.tests.factories import LineItemFactory, OpportunityFactory, UserFactory

PASSWORD = "Correct-Horse-42"


def _deal(owner, name, amount):
    opportunity = OpportunityFactory(owner=owner, name=name, close_date=timezone.localdate())
    LineItemFactory(opportunity=opportunity, quantity=Decimal(1), sale_price=Money(amount, "USD"))
    return opportunity


def _drag(page, card_name, stage):
    card = page.locator(".pipeline__card", has_text=card_name)
    target = page.locator(f'.pipeline__cards[data-stage="{stage}"]')
    card.drag_to(target)


def _column(page, stage):
    return page.locator(f'.pipeline__column[data-stage="{stage}"]')


def test_drag_card_to_proposal_persists_and_moves_totals(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="seller@agency.example", first_name="Sam", last_name="Seller")
    _deal(seller, "Bakery website", "4000")
    _deal(seller, "Dentist SEO", "1200")
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    assert _column(page, "qualifying").locator('[data-role="count"]').inner_text() == "(2)"

    _drag(page, "Bakery website", "proposal")
    page.locator(".crm-toast--success").wait_for()
    total = _column(page, "proposal").locator('[data-role="total"]')
    assert total.inner_text() == "$4K" and total.get_attribute("title") == "Total $4,000.00"

    page.reload()
    proposal = _column(page, "proposal")
    assert proposal.locator(".pipeline__card", has_text="Bakery website").count() == 1
    assert proposal.locator('[data-role="count"]').inner_text() == "(1)"
    assert proposal.locator('[data-role="weighted"]').inner_text() == "$2K"
    assert _column(page, "qualifying").locator('[data-role="total"]').inner_text() == "$1.2K"
    assert Opportunity.objects.get(name="Bakery website").stage == Stage.PROPOSAL
    screenshot("pipeline-board")


def test_stale_drag_snaps_back_with_the_conflict_message(signed_in_page, live_server):
    seller = UserFactory(email="seller2@agency.example")
    opportunity = _deal(seller, "Law firm intranet", "9000")
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    change_stage(opportunity, stage=Stage.NEEDS_ANALYSIS, user=seller)  # someone else moved it

    _drag(page, "Law firm intranet", "negotiation")
    toast = page.locator(".crm-toast--error")
    toast.wait_for()
    assert "modified by another user" in toast.inner_text()
    card = _column(page, "qualifying").locator(".pipeline__card", has_text="Law firm intranet")
    assert card.count() == 1  # snapped back to where it was
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.NEEDS_ANALYSIS


def test_show_more_then_drag_a_lazily_loaded_card(signed_in_page, live_server):
    seller = UserFactory(email="seller3@agency.example")
    today = timezone.localdate()
    for i in range(30):
        opportunity = OpportunityFactory(
            owner=seller, name=f"Deal {i:02d}", close_date=today + datetime.timedelta(days=i)
        )
        LineItemFactory(opportunity=opportunity, quantity=Decimal(1), sale_price=Money(100, "USD"))
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    qualifying = _column(page, "qualifying")
    assert qualifying.locator(".pipeline__card").count() == 25
    qualifying.locator(".pipeline__more").click()
    qualifying.locator(".pipeline__card", has_text="Deal 29").wait_for()
    assert qualifying.locator(".pipeline__card").count() == 30
    assert qualifying.locator(".pipeline__more").count() == 0  # last page loaded

    _drag(page, "Deal 29", "proposal")
    page.locator(".crm-toast--success").wait_for()
    assert _column(page, "proposal").locator('[data-role="count"]').inner_text() == "(1)"
    assert qualifying.locator('[data-role="count"]').inner_text() == "(29)"
    assert Opportunity.objects.get(name="Deal 29").stage == Stage.PROPOSAL


def test_expired_csrf_token_snaps_back_with_the_json_message(signed_in_page, live_server):
    seller = UserFactory(email="seller4@agency.example")
    opportunity = _deal(seller, "Museum kiosk", "3000")
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/pipeline/")
    page.context.clear_cookies(name="csrftoken")  # the token a script would send is gone

    _drag(page, "Museum kiosk", "proposal")
    toast = page.locator(".crm-toast--error")
    toast.wait_for()
    assert "security token" in toast.inner_text()
    card = _column(page, "qualifying").locator(".pipeline__card", has_text="Museum kiosk")
    assert card.count() == 1
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING
