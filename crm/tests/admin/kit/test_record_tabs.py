"""Record page tabs (crm.admin.kit.record_tabs): the first response holds the header and the
Details tab with the entity's main cards; Related, Activity and History come as fragments
(cached) or as the full page opened on them (``?tab=``) without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models.opportunity_lines import OpportunityContactRole
from crm.tests.factories import (
    AccountFactory,
    AttachmentFactory,
    CaseFactory,
    ContactFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def tab_url(record, tab: str) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_record_tab", args=[record.pk, tab])


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def panel(html: str, name: str) -> str:
    """The opening tag of a tab panel."""
    return re.search(rf'<div id="{name}-group"[^>]*>', html).group(0)


@pytest.fixture
def deal(sales_user):
    opportunity = OpportunityFactory(owner=sales_user, name="Bakery website")
    LineItemFactory(opportunity=opportunity)
    ContactRoleFactory(opportunity=opportunity)
    AttachmentFactory(record=opportunity)
    return opportunity


# --- the first tab ------------------------------------------------------------------------------
def test_opportunity_opens_with_products_and_contact_roles_beside_details(sales_client, deal):
    html = get(sales_client, change_url(deal))[0].content.decode()
    assert 'id="main-products"' in html and 'id="main-contact_roles"' in html
    # The other tabs hold a "Loading …" note until they are opened and fetched.
    assert 'data-src="' + tab_url(deal, "related") + '"' in html
    assert "Loading related" in html and 'id="related-attachments"' not in html
    assert 'href="?tab=related"' in html and 'href="?tab=history"' in html


@pytest.mark.parametrize("kind", ["quote", "order", "case"])
def test_quote_order_and_case_open_with_their_main_cards(crm_admin_client, kind):
    from crm.tests.factories import OrderFactory, QuoteFactory

    record = {"quote": QuoteFactory, "order": OrderFactory, "case": CaseFactory}[kind]()
    html = get(crm_admin_client, change_url(record))[0].content.decode()
    expected = {
        "quote": ["main-quote_lines"],
        "order": ["main-line_items", "main-payments"],
        "case": ["main-articles"],
    }[kind]
    for card in expected:
        assert f'id="{card}"' in html


# --- the lazy tabs ------------------------------------------------------------------------------
def test_related_fragment_holds_every_card_and_no_page(sales_client, deal):
    html = get(sales_client, tab_url(deal, "related"))[0].content.decode()
    assert 'id="related-products"' in html and 'id="related-attachments"' in html
    assert "<html" not in html and "crm-highlights" not in html


def test_the_tab_param_opens_the_full_page_on_that_tab(sales_client, deal):
    html = get(sales_client, change_url(deal) + "?tab=history")[0].content.decode()
    history = panel(html, "history")
    assert 'data-state="loaded"' in history and "x-cloak" not in history
    assert "Field history" in html
    assert "x-cloak" in panel(html, "related") and "Loading related" in html
    # Without JavaScript the Details form and the main cards give way to the open tab.
    assert "<noscript><style>#content-main > form { display: none; }</style></noscript>" in html
    assert re.search(r'<div class="crm-first-tab"[^>]*x-cloak', html)


def test_the_activity_fragment_links_to_full_pages(sales_client, sales_user):
    account = AccountFactory(owner=sales_user)
    TaskFactory(related_account=account, subject="Call the baker")
    html = get(sales_client, tab_url(account, "activity"))[0].content.decode()
    assert "Call the baker" in html
    assert f'name="next" value="{change_url(account)}?tab=activity"' in html


def test_a_fragment_is_cached_until_a_row_changes(sales_client, deal):
    first, cold = get(sales_client, tab_url(deal, "related"))
    again, warm = get(sales_client, tab_url(deal, "related"))
    assert again.content == first.content and warm < cold
    ContactRoleFactory(opportunity=deal, contact=ContactFactory(last_name="Newcomer"))
    fresh = get(sales_client, tab_url(deal, "related"))[0].content.decode()
    assert "Newcomer" in fresh


def test_unknown_tabs_and_records_are_not_found(sales_client, deal):
    assert sales_client.get(f"{change_url(deal)[: -len('change/')]}tab/nope/").status_code == 404
    missing = reverse("admin:crm_opportunity_record_tab", args=[999999, "related"])
    assert sales_client.get(missing).status_code == 404


# --- deactivated contacts stay, marked ----------------------------------------------------------
def test_a_deactivated_contact_is_marked_inactive_on_contact_roles(sales_client, deal):
    role = OpportunityContactRole.objects.get(opportunity=deal)
    role.contact.is_active = False
    role.contact.save()
    html = get(sales_client, change_url(deal))[0].content.decode()
    card = html[html.index('id="main-contact_roles"') :]
    card = card[: card.index("</section>")]
    assert role.contact.full_name in card and 'class="crm-row--inactive"' in card
    assert "Inactive</span>" in card


def test_a_cases_deactivated_contact_is_marked_on_the_case_and_the_cases_card(sales_client):
    contact = ContactFactory(last_name="Gone")
    case = CaseFactory(account=contact.account, contact=contact)
    contact.is_active = False
    contact.save()
    page = get(sales_client, change_url(case))[0].content.decode()
    assert re.search(r"Gone</a>\s*<span class=\"crm-badge crm-badge--danger\">Inactive", page)
    cards = get(sales_client, tab_url(contact.account, "related"))[0].content.decode()
    cases = cards[cards.index('id="related-cases"') :]
    assert re.search(r"Gone\s*<span class=\"crm-badge crm-badge--danger\">Inactive", cases)


# --- SPEC §10: what the first response and each fragment cost ----------------------------------
def _grow(account, times: int) -> None:
    for _ in range(times):
        contact = ContactFactory(account=account)
        OpportunityFactory(account=account)
        AttachmentFactory(record=account)
        TaskFactory(related_account=account)
        TaskFactory(contact=contact, status="completed")


# Session, user, the record (read once by the admin, once for the header), permissions (2),
# the Recently Viewed upsert, the last change shown with Details: nothing from the cards,
# the timeline or the history tab.
ACCOUNT_FIRST_RESPONSE_QUERIES = 7
# Session, user, the record, permissions (2), then the tab's own reads: two per card (COUNT
# + first rows; empty cards stop at their COUNT), the timeline's two plus one per kind of
# record its rows relate to (here the account and a contact: crm.selectors.related_rows),
# the history's two.
ACCOUNT_TAB_QUERIES = {"related": 17, "activity": 8, "history": 6}
PAGE_BYTES = 80_000


def test_the_account_first_response_reads_only_the_record(sales_client, sales_user):
    account = AccountFactory(owner=sales_user)
    _grow(account, 2)
    get(sales_client, change_url(account))  # the first visit records the view
    few_response, few = get(sales_client, change_url(account))
    _grow(account, 20)
    response, many = get(sales_client, change_url(account))
    assert few == many == ACCOUNT_FIRST_RESPONSE_QUERIES
    assert len(response.content) <= PAGE_BYTES


@pytest.mark.parametrize("tab", ["related", "activity", "history"])
def test_each_account_tab_fragment_costs_a_fixed_number_of_queries(sales_client, sales_user, tab):
    account = AccountFactory(owner=sales_user)
    _grow(account, 2)
    few = get(sales_client, tab_url(account, tab))[1]
    _grow(account, 15)
    response, many = get(sales_client, tab_url(account, tab))
    assert few == many == ACCOUNT_TAB_QUERIES[tab]
    assert len(response.content) <= 40_000
