"""Command palette search: a capped number of results per model, found through the trigram
indexes on PostgreSQL, in a number of queries that does not grow with the matches."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Account
from crm.selectors.search import PER_MODEL, SEARCHED
from crm.services.recently_viewed import record_view
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    ContractFactory,
    KnowledgeArticleFactory,
    LeadFactory,
    PaymentFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SEARCH = "/search/"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Unfold caches results per user id and term; ids repeat between tests on SQLite."""
    cache.clear()


def accounts(owner, count, start=0):
    Account.objects.bulk_create(
        Account(name=f"Nova Studio {i:04d}", owner=owner) for i in range(start, start + count)
    )


def palette(client, term):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, {"s": term})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_results_are_capped_per_model_and_link_to_records(crm_admin_client, crm_admin):
    accounts(crm_admin, 12)
    ContactFactory(first_name="Ada", last_name="Novaković", owner=crm_admin)
    _, html = palette(crm_admin_client, "nova")
    assert len(set(re.findall(r"/crm/account/(\d+)/change/", html))) == PER_MODEL
    assert "Novaković" in html
    first = Account.objects.filter(name__startswith="Nova Studio").order_by("name").first()
    assert f"/crm/account/{first.pk}/change/" in html


def test_every_word_must_match(crm_admin_client, crm_admin):
    ContactFactory(first_name="Ada", last_name="Lovelace", owner=crm_admin)
    ContactFactory(first_name="Ada", last_name="Byron", owner=crm_admin)
    _, html = palette(crm_admin_client, "ada love")
    assert "Lovelace" in html and "Byron" not in html


def test_query_count_does_not_grow_with_matches(crm_admin_client, crm_admin):
    accounts(crm_admin, 3)
    few, _ = palette(crm_admin_client, "studio")
    accounts(crm_admin, 297, start=3)
    many, _ = palette(crm_admin_client, "studio 0")  # a new term: Unfold caches per term
    assert few == many <= len(SEARCHED) + 6  # session, user, permissions; a query per kind


def test_only_models_the_user_may_view(client):
    outsider = UserFactory()
    outsider.groups.clear()
    LeadFactory(company="Nova Bakery", owner=outsider)
    client.force_login(outsider)
    _, html = palette(client, "bakery")
    assert "Nova Bakery" not in html


def test_trigram_indexes_serve_icontains(postgres_only, crm_admin):
    AccountFactory(owner=crm_admin, name="Nova Labs")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM crm_account WHERE UPPER(name::text) LIKE UPPER('%%ova%%')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "crm_account_name_trgm" in plan


# --- issue 23: numbers, subjects, titles, phones, pages and commands, "See all" -----------------


def links(html):
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("typed", ["CS-{pk:06d}", "cs-{pk}", "CS{pk:06d}", "Cs - {pk}"])
def test_a_case_by_its_number_with_or_without_zeros(crm_admin_client, crm_admin, typed):
    case = CaseFactory(owner=crm_admin, subject="Printer offline")
    CaseFactory(owner=crm_admin, subject="Another case")
    _, html = palette(crm_admin_client, typed.format(pk=case.pk))
    assert f"/crm/case/{case.pk}/change/" in html
    assert f"CS-{case.pk:06d} Printer offline" in html
    assert "Another case" not in html


def test_orders_quotes_contracts_and_payments_by_number(crm_admin_client, crm_admin):
    from crm.services.invoices import issue_order_invoice

    payment = PaymentFactory(owner=crm_admin)
    quote = QuoteFactory(owner=crm_admin)
    contract = ContractFactory(owner=crm_admin)
    invoice = issue_order_invoice(payment.order, user=crm_admin)
    expected = {
        f"inv-{invoice.pk}": f"/crm/invoice/{invoice.pk}/change/",
        f"ORD-{payment.order_id:06d}": f"/crm/order/{payment.order_id}/change/",
        f"q-{quote.pk}": f"/crm/quote/{quote.pk}/change/",
        f"CTR-{contract.pk:06d}": f"/crm/contract/{contract.pk}/change/",
        f"pay-00{payment.pk}": f"/crm/payment/{payment.pk}/change/",
    }
    for typed, url in expected.items():
        _, html = palette(crm_admin_client, typed)
        assert url in html, typed


def test_a_case_subject_an_article_title_and_an_email(crm_admin_client, crm_admin):
    case = CaseFactory(owner=crm_admin, subject="Printer offline in Denver")
    article = KnowledgeArticleFactory(owner=crm_admin, title="Renewing SSL certificates")
    contact = ContactFactory(owner=crm_admin, email="ada.lovelace@engines.example")
    _, html = palette(crm_admin_client, "printer denver")
    assert f"/crm/case/{case.pk}/change/" in html
    _, html = palette(crm_admin_client, "SSL certificate")
    assert f"/crm/knowledgearticle/{article.pk}/change/" in html
    _, html = palette(crm_admin_client, "lovelace@engines")
    assert f"/crm/contact/{contact.pk}/change/" in html


@pytest.mark.parametrize("typed", ["555 867 5309", "5558675309", "(555) 867-5309", "867-53"])
def test_a_phone_number_by_its_digits(crm_admin_client, crm_admin, typed):
    account = AccountFactory(owner=crm_admin, name="Jenny's Bakery", phone="+1 (555) 867-5309")
    contact = ContactFactory(owner=crm_admin, phone="", mobile="555.867.5309")
    lead = LeadFactory(owner=crm_admin, phone="555-867-5309")
    AccountFactory(owner=crm_admin, name="Other Bakery", phone="+1 (555) 010-0000")
    _, html = palette(crm_admin_client, typed)
    for url in (
        f"/crm/account/{account.pk}/change/",
        f"/crm/contact/{contact.pk}/change/",
        f"/crm/lead/{lead.pk}/change/",
    ):
        assert url in html, url
    assert "Other Bakery" not in html


def test_pages_and_commands_the_user_may_use(sales_client):
    _, html = palette(sales_client, "pipeline")
    assert "/portal/pipeline/" in links(html)
    _, html = palette(sales_client, "retainer rep")
    assert "/portal/retainers/" in links(html)
    _, html = palette(sales_client, "calendar")
    assert "/portal/calendar/" in links(html)
    _, html = palette(sales_client, "new acc")
    assert "/crm/account/add/" in links(html) and "New Account" in html
    _, html = palette(sales_client, "new task")
    assert "/crm/activity/add/?type=task" in links(html)
    _, html = palette(sales_client, "new product")  # sales users may not add products
    assert "/crm/product/add/" not in links(html)


def test_see_all_is_the_last_entry_and_opens_find(crm_admin_client, crm_admin):
    AccountFactory(owner=crm_admin, name="Nova Labs")
    _, html = palette(crm_admin_client, "Nova Labs")
    assert links(html)[-1] == "/find/?q=Nova+Labs"
    assert "See all results for “Nova Labs”" in html


def test_numbers_respect_view_permissions(client):
    outsider = UserFactory()
    outsider.groups.clear()
    case = CaseFactory(subject="Secret printer")
    client.force_login(outsider)
    _, html = palette(client, f"CS-{case.pk}")
    assert f"/crm/case/{case.pk}/change/" not in html


def test_the_empty_palette_lists_recently_viewed_records(crm_admin_client, crm_admin):
    case = CaseFactory(owner=crm_admin, subject="Printer offline")
    account = AccountFactory(owner=crm_admin, name="Nova Labs")
    record_view(user=crm_admin, record=case)
    record_view(user=crm_admin, record=account)
    html = crm_admin_client.get("/find/recent/").content.decode()
    assert links(html) == [f"/crm/account/{account.pk}/change/", f"/crm/case/{case.pk}/change/"]
    assert f"CS-{case.pk:06d} Printer offline" in html and "Recently viewed" in html
    page = crm_admin_client.get("/").content.decode()
    assert "/find/recent/" in page and 'id="command-recent"' in page  # fetched on open


def test_recently_viewed_hides_what_the_user_may_not_view(client, sales_user):
    record_view(user=sales_user, record=UserFactory(first_name="Hidden"))
    client.force_login(sales_user)
    assert "Hidden" not in client.get("/find/recent/").content.decode()
    client.logout()
    assert client.get("/find/recent/").status_code == 401


def test_the_sidebar_box_names_the_crm(crm_admin_client):
    html = crm_admin_client.get("/").content.decode()
    assert "Search Agency CRM…" in html and "Search apps and models" not in html
