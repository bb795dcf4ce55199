"""The opportunity record page and list: path, close page, line items inline, query budgets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.errors import STALE_RECORD_MESSAGE
from crm.models.opportunities import Opportunity, Stage
from crm.services.opportunities import change_stage
from crm.tests.factories import LineItemFactory, OpportunityFactory, ProductFactory

pytestmark = pytest.mark.django_db
OPPS = "/crm/opportunity/"


def texts(response):
    return [str(m) for m in response.context["messages"]]


def test_record_page_shows_highlights_amount_and_path(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user, name="Bakery website")
    LineItemFactory(opportunity=opportunity, quantity=Decimal("2"), sale_price=Money("600", "USD"))
    html = sales_client.get(f"{OPPS}{opportunity.pk}/change/").content.decode()
    assert "Bakery website" in html and "$1,200.00" in html
    assert 'class="crm-path' in html
    complete = html.split("Mark Stage as Complete")[0].rsplit("<button", 1)[-1]
    assert f'formaction="{OPPS}{opportunity.pk}/path/needs_analysis/"' in complete
    # The last chevron is "Closed"; selecting it offers the Close page (Won or Lost).
    assert 'data-stage="closed"' in html and ">Select Closed Stage</a>" in html
    assert f'href="{OPPS}{opportunity.pk}/close/"' in html


def test_path_selects_then_moves_and_draws_the_outcome(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    url = f"{OPPS}{opportunity.pk}/change/"
    path = sales_client.get(url + "?path=negotiation").context["record_path"]
    assert path["selected"]["choices"][0]["label"] == "Mark as Current Stage"
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING
    change_stage(opportunity, stage=Stage.NEGOTIATION, user=sales_user)
    path = sales_client.get(url).context["record_path"]
    assert path["next_stage"]["url"] == f"{OPPS}{opportunity.pk}/close/"  # asks Won or Lost
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    path = sales_client.get(url).context["record_path"]
    final = path["stages"][-1]
    assert (final["label"], final["tone"], path["outcome"]) == ("Closed Won", "won", "won")
    assert path["next_stage"] is None


def test_path_click_moves_the_stage_through_the_service(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    response = sales_client.post(
        f"{OPPS}{opportunity.pk}/path/negotiation/", {"version": 1}, follow=True
    )
    assert any("moved to Negotiation" in text for text in texts(response))
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.probability) == (Stage.NEGOTIATION, 75)


def test_stale_path_click_is_refused(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.PROPOSAL, user=sales_user)
    response = sales_client.post(
        f"{OPPS}{opportunity.pk}/path/negotiation/", {"version": 1}, follow=True
    )
    assert STALE_RECORD_MESSAGE in texts(response)
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.PROPOSAL


def test_close_page_asks_won_or_lost_with_reason(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    page = sales_client.get(f"{OPPS}{opportunity.pk}/close/").content.decode()
    assert "Closed Won" in page and "Loss reason" in page and "No decision" in page
    response = sales_client.post(
        f"{OPPS}{opportunity.pk}/close/",
        {
            "outcome": "closed_lost",
            "close_date": "2026-11-30",
            "loss_reason": "competitor",
            "loss_details": "Went in-house",
            "version": 1,
            "_close": "1",
        },
        follow=True,
    )
    assert f"Opportunity '{opportunity.name}' is Closed Lost." in texts(response)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.loss_reason, stored.loss_details, stored.probability) == (
        "closed_lost",
        "competitor",
        "Went in-house",
        0,
    )
    assert str(stored.close_date) == "2026-11-30"


def test_close_page_without_outcome_changes_nothing(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    response = sales_client.post(
        f"{OPPS}{opportunity.pk}/close/", {"version": 1, "_close": "1"}, follow=True
    )
    assert "Choose whether the opportunity was won or lost." in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING


def test_sales_user_cannot_edit_products(sales_client):
    product = ProductFactory()
    assert sales_client.get(f"/crm/product/{product.pk}/change/").status_code == 200  # read
    response = sales_client.post(f"/crm/product/{product.pk}/change/", {"name": "Hacked"})
    assert response.status_code == 403


def test_product_price_endpoint_prefills_line_form(sales_client):
    product = ProductFactory(standard_list_price=Money("95", "USD"))
    response = sales_client.get(f"/crm/product/{product.pk}/price/")
    assert response.json() == {"amount": "95.00", "currency": "USD"}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_opportunity_list_queries_do_not_grow_with_rows(crm_admin_client):
    def add(rows):
        for opportunity in OpportunityFactory.create_batch(rows):
            LineItemFactory(opportunity=opportunity)

    add(5)
    five = _count_queries(crm_admin_client, OPPS)
    add(45)
    fifty = _count_queries(crm_admin_client, OPPS)
    assert five == fifty <= 12


def test_record_page_queries_do_not_grow_with_line_items(crm_admin_client):
    opportunity = OpportunityFactory()
    LineItemFactory.create_batch(3, opportunity=opportunity)
    url = f"{OPPS}{opportunity.pk}/change/"
    three = _count_queries(crm_admin_client, url)
    LineItemFactory.create_batch(30, opportunity=opportunity)
    thirty_three = _count_queries(crm_admin_client, url)
    assert three == thirty_three


def test_list_shows_computed_amounts_and_sorts_by_amount(crm_admin_client):
    small = OpportunityFactory(name="Small deal")
    big = OpportunityFactory(name="Big deal")
    LineItemFactory(opportunity=small, quantity=1, sale_price=Money("100", "USD"))
    LineItemFactory(opportunity=big, quantity=1, sale_price=Money("9000", "USD"))
    html = crm_admin_client.get(f"{OPPS}?o=-4").content.decode()
    assert "$9,000.00" in html and html.index("Big deal") < html.index("Small deal")


def test_record_page_queries_do_not_grow_with_contact_roles(crm_admin_client):
    from crm.tests.factories import ContactRoleFactory

    opportunity = OpportunityFactory()
    ContactRoleFactory.create_batch(2, opportunity=opportunity)
    url = f"{OPPS}{opportunity.pk}/change/"
    two = _count_queries(crm_admin_client, url)
    ContactRoleFactory.create_batch(10, opportunity=opportunity)
    twelve = _count_queries(crm_admin_client, url)
    assert two == twelve


def test_new_opportunity_from_account_opens_its_own_page(sales_client, sales_user):
    from crm.tests.factories import AccountFactory

    account = AccountFactory(owner=sales_user)
    response = sales_client.post(
        f"{OPPS}add/?account={account.pk}",
        {
            "name": "Website rebuild",
            "close_date": "",
            "owner": sales_user.pk,
            "currency": "USD",
            "type": "",
            "lead_source": "",
            "next_step": "",
            "description": "",
        },
        follow=True,
    )
    opportunity = Opportunity.objects.get(name="Website rebuild")
    assert opportunity.account == account and opportunity.stage == Stage.QUALIFYING
    assert response.redirect_chain[-1][0] == f"{OPPS}{opportunity.pk}/change/"
    assert "Opportunity 'Website rebuild' was created." in texts(response)


def test_closed_chevron_of_the_path_opens_the_close_page(sales_client, sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    response = sales_client.post(f"{OPPS}{opportunity.pk}/close/", {"version": 1})
    assert response.status_code == 200
    assert "How did it end?" in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING


def test_contact_page_lists_the_deals_they_have_a_role_in(sales_client, sales_user):
    from crm.tests.factories import ContactRoleFactory

    role = ContactRoleFactory(opportunity=OpportunityFactory(owner=sales_user, name="SEO 2027"))
    OpportunityFactory(account=role.opportunity.account, name="Not theirs")
    page = sales_client.get(f"/crm/contact/{role.contact_id}/change/?tab=related")
    cards = {card["key"]: card for card in page.context["related_cards"]}
    assert [row["cells"][0]["text"] for row in cards["opportunities"]["rows"]] == ["SEO 2027"]
    assert cards["opportunities"]["new_url"] is None
    listing = sales_client.get(cards["opportunities"]["view_all_url"])
    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [role.opportunity]
