"""/find/?q=… (SPEC §10a): every kind of record the user may view, grouped with counts and
"More", one kind paged with ?type=, inside the admin shell, in a number of queries that does
not grow with the matches; bad input gets a message, never an error."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Account, Case
from crm.tests.factories import AccountFactory, CaseFactory, ContactFactory, UserFactory
from portal.views.find import PER_GROUP, PER_PAGE

pytestmark = pytest.mark.django_db
FIND = "/find/"


def find(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(FIND, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def record_links(html, kind):
    return re.findall(rf'href="/crm/{kind}/(\d+)/change/"', html)


def novas(owner, count, start=0):
    Account.objects.bulk_create(
        Account(name=f"Nova Studio {i:04d}", owner=owner) for i in range(start, start + count)
    )


def test_groups_by_object_with_counts_and_more(crm_admin_client, crm_admin):
    novas(crm_admin, 8)
    ContactFactory(owner=crm_admin, first_name="Ada", last_name="Novak")
    CaseFactory(owner=crm_admin, subject="Nova website is down")
    _, html = find(crm_admin_client, q="nova")
    assert "Results for “nova”" in html
    assert len(record_links(html, "account")) == PER_GROUP
    assert 'data-group="account"' in html and "Accounts <span" in html and "(8)" in html
    assert 'href="/find/?q=nova&amp;type=account"' in html  # More: the accounts alone
    assert len(record_links(html, "contact")) == 1 and len(record_links(html, "case")) == 1
    assert html.count('data-role="more"') == 1  # the other groups are shown whole
    assert "Search Agency CRM…" in html  # inside the admin shell: its sidebar search box


def test_more_pages_through_one_kind(crm_admin_client, crm_admin):
    novas(crm_admin, PER_PAGE + 3)
    _, first = find(crm_admin_client, q="nova", type="account")
    _, second = find(crm_admin_client, q="nova", type="account", page=2)
    assert len(record_links(first, "account")) == PER_PAGE
    assert len(record_links(second, "account")) == 3
    assert "Page 2 of 2" in second and "type=account&amp;page=1" in second
    assert not set(record_links(first, "account")) & set(record_links(second, "account"))
    _, past = find(crm_admin_client, q="nova", type="account", page=9)
    assert "No more results on this page." in past and f"({PER_PAGE + 3})" in past


def test_a_record_number_and_a_phone_number(crm_admin_client, crm_admin):
    case = CaseFactory(owner=crm_admin, subject="Printer offline")
    account = AccountFactory(owner=crm_admin, phone="+1 (555) 867-5309")
    _, html = find(crm_admin_client, q=f"cs-{case.pk}")
    assert record_links(html, "case") == [str(case.pk)]
    _, html = find(crm_admin_client, q="555 867 5309")
    assert record_links(html, "account") == [str(account.pk)]


def test_pages_and_commands_are_listed(crm_admin_client):
    _, html = find(crm_admin_client, q="pipeline")
    assert 'data-group="pages"' in html and 'href="/portal/pipeline/"' in html


def test_query_count_does_not_grow_with_matches(crm_admin_client, crm_admin):
    novas(crm_admin, 3)
    CaseFactory(owner=crm_admin, subject="Studio lights")
    few, _ = find(crm_admin_client, q="studio")
    novas(crm_admin, 200, start=3)
    CaseFactory.create_batch(30, owner=crm_admin, subject="Studio lights again")
    many, html = find(crm_admin_client, q="studio")
    # All results count up to 100 of a kind ("100+", as Lightning's "50+")…
    assert "Accounts <span" in html and "(100+)" in html and "(31)" in html
    assert "131+ records" in html and "More accounts (100+)" in html
    assert few == many
    # … a kind's own pages count every match.
    one_kind, html = find(crm_admin_client, q="studio", type="account", page=2)
    assert one_kind <= few
    assert "203 records in accounts" in html and f"Page 2 of {-(-203 // PER_PAGE)}" in html


def test_all_results_show_the_first_of_each_kind_in_its_order(crm_admin_client, crm_admin):
    novas(crm_admin, 150)
    _, html = find(crm_admin_client, q="nova studio")
    shown = [Account.objects.get(pk=pk).name for pk in record_links(html, "account")]
    assert len(shown) == PER_GROUP and shown == sorted(shown)


def test_only_what_the_user_may_view(client):
    outsider = UserFactory()
    outsider.groups.clear()
    CaseFactory(subject="Nova printer")
    client.force_login(outsider)
    _, html = find(client, q="nova")
    assert not record_links(html, "case") and not record_links(html, "account")
    _, html = find(client, q="nova", type="case")
    assert "There is no kind of record called “case” you may search" in html


def test_sign_in_required(client):
    response = client.get(FIND, {"q": "nova"})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "no", "type": "account"}, "Type at least 3 characters"),
        ({"q": "nova", "type": "<script>"}, "no kind of record called “&lt;script&gt;”"),
        ({"q": "nova", "type": "account", "page": "abc"}, "Page 1"),
        ({"q": "nova", "page": "99999999999999999999999"}, "Results for “nova”"),
        ({"q": "x" * 5000}, "Results for"),
        ({"q": "CS-99999999999999999999999"}, "Nothing matches"),
    ],
)
def test_bad_input_gets_a_message(crm_admin_client, crm_admin, params, message):
    novas(crm_admin, PER_PAGE + 1)
    _, html = find(crm_admin_client, **params)
    assert message in html


def test_no_term_shows_the_search_box(crm_admin_client):
    _, html = find(crm_admin_client)
    assert 'name="q"' in html and "Search Agency CRM" in html
    assert not Case.objects.exists()
