"""No N+1 anywhere in /api/v1/: every routed list answers a page of 10 rows in as many
queries as a page of 3, and a detail with 5 children of each kind in as many as with 1.
Absolute counts are pinned for accounts and contacts (the kit's exemplar)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.routes import ROUTES
from api.tests.api_records import CHILD_MAKERS, RECORD_MAKERS
from crm.tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db
ROUTED = [prefix for prefix, _ in ROUTES]


def queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), [query["sql"] for query in captured.captured_queries]


def rows(client, url) -> int:
    return len(client.get(url).json()["results"])


@pytest.mark.parametrize("prefix", ROUTED)
def test_list_queries_do_not_grow_with_rows(prefix, admin_api, sales_user, colleague):
    url = f"/api/v1/{prefix}/?page_size=100"
    owners = (sales_user, colleague)
    for index in range(3):
        RECORD_MAKERS[prefix](owners[index % 2])
    admin_api.get(url)  # warm caches (content types) out of the count
    few, few_sql = queries(admin_api, url)
    few_rows = rows(admin_api, url)
    for index in range(7):
        RECORD_MAKERS[prefix](owners[index % 2])
    many, many_sql = queries(admin_api, url)
    assert rows(admin_api, url) >= few_rows + 7
    assert many == few, "\n".join(many_sql)


@pytest.mark.parametrize("prefix", sorted(set(CHILD_MAKERS) & set(ROUTED)))
def test_detail_queries_do_not_grow_with_children(prefix, admin_api, sales_user):
    record = RECORD_MAKERS[prefix](sales_user)
    url = f"/api/v1/{prefix}/{record.pk}/"
    for make in CHILD_MAKERS[prefix]:
        make(record)
    admin_api.get(url)
    one, _ = queries(admin_api, url)
    for make in CHILD_MAKERS[prefix]:
        for _ in range(4):
            make(record)
    five, five_sql = queries(admin_api, url)
    assert five == one, "\n".join(five_sql)


def test_account_detail_shows_the_children_it_counts(admin_api, sales_user):
    account = RECORD_MAKERS["accounts"](sales_user)
    for make in CHILD_MAKERS["accounts"]:
        for _ in range(5):
            make(account)
    body = admin_api.get(f"/api/v1/accounts/{account.pk}/").json()
    assert [len(body[key]) for key in ("contacts", "open_opportunities", "open_cases")] == [5] * 3


# The token with its user, knox's look at the user's tokens, the user's and the groups'
# permissions (one query), then the page itself (the detail adds one query per related list
# it shows).
@pytest.mark.parametrize(
    ("prefix", "factory"), [("accounts", AccountFactory), ("contacts", ContactFactory)]
)
def test_pinned_list_counts(prefix, factory, sales_api, django_assert_num_queries):
    factory.create_batch(5)
    sales_api.get(f"/api/v1/{prefix}/")
    with django_assert_num_queries(PINNED[prefix, "list"]):
        assert sales_api.get(f"/api/v1/{prefix}/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "factory"), [("accounts", AccountFactory), ("contacts", ContactFactory)]
)
def test_pinned_detail_counts(prefix, factory, sales_api, django_assert_num_queries):
    record = factory()
    if prefix == "accounts":
        for make in CHILD_MAKERS["accounts"]:
            make(record)
    sales_api.get(f"/api/v1/{prefix}/{record.pk}/")
    with django_assert_num_queries(PINNED[prefix, "detail"]):
        assert sales_api.get(f"/api/v1/{prefix}/{record.pk}/").status_code == 200


PINNED = {
    ("accounts", "list"): 4,
    ("accounts", "detail"): 7,  # + contacts, open opportunities, open cases
    ("contacts", "list"): 4,
    ("contacts", "detail"): 4,
}


def list_orderings(viewset) -> list[tuple[str, ...]]:
    """The default ordering and every ``?ordering=`` a list accepts, both directions."""
    fields = [field for field in getattr(viewset, "ordering_fields", ()) if field != "id"]
    return [(), *[(f"{sign}{field}",) for field in fields for sign in ("", "-")]]


@pytest.mark.parametrize("prefix", ROUTED)
def test_every_list_ordering_ends_with_the_id(prefix, rf):
    """Cursor pages step through equal values by offset, so rows must have one fixed order
    within a tie: every ordering a list can take ends with the id (StableOrderingFilter)."""
    from rest_framework.request import Request

    viewset = dict(ROUTES)[prefix]
    backends = viewset().filter_backends
    (ordering_filter,) = [backend for backend in backends if hasattr(backend, "get_ordering")]
    for asked in list_orderings(viewset):
        query = {"ordering": asked[0]} if asked else {}
        request = Request(rf.get(f"/api/v1/{prefix}/", query))
        ordering = ordering_filter().get_ordering(request, viewset.queryset, viewset())
        assert ordering[-1].lstrip("-") in ("id", "pk"), (prefix, asked, ordering)
        if asked:
            assert ordering[0] == asked[0]
