"""Pinned query counts: the order list, the payment list and an order page cost the same
number of queries for 3 rows as for 30 (50 payments on the page), so no per-row query hides
in a computed total or a link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.tests.billing.conftest import pay
from crm.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

# Lists: + the list views' saved views and the remembered view (2, issue 23).
ORDER_LIST_QUERIES = 8  # no COUNT(*) of the unfiltered table (show_full_result_count off)
PAYMENT_LIST_QUERIES = 7  # no COUNT(*) of the unfiltered table
ORDER_PAGE_QUERIES = 12  # Details with Line Items and Payments cards, the Recently Viewed upsert


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def make_orders(count, owner, admin):
    for order in OrderFactory.create_batch(count, owner=owner, lines=2):
        pay(order, admin, "100.00")


def test_order_list(crm_admin_client, crm_admin, sales_user):
    url = reverse("admin:crm_order_changelist")
    make_orders(3, sales_user, crm_admin)
    three = count_queries(crm_admin_client, url)
    make_orders(27, sales_user, crm_admin)
    thirty = count_queries(crm_admin_client, url)
    assert three == thirty == ORDER_LIST_QUERIES


def test_payment_list(crm_admin_client, crm_admin, sales_user):
    url = reverse("admin:crm_payment_changelist")
    make_orders(3, sales_user, crm_admin)
    three = count_queries(crm_admin_client, url)
    make_orders(27, sales_user, crm_admin)
    thirty = count_queries(crm_admin_client, url)
    assert three == thirty == PAYMENT_LIST_QUERIES


def test_order_page_with_fifty_payments(crm_admin_client, crm_admin, sales_user):
    order = OrderFactory(owner=sales_user, lines=3)
    url = reverse("admin:crm_order_change", args=[order.pk])
    for _ in range(3):
        pay(order, crm_admin, "10.00")
    crm_admin_client.get(url)  # the session's first visit writes bookkeeping; not counted
    three = count_queries(crm_admin_client, url)
    for _ in range(47):
        pay(order, crm_admin, "10.00")
    fifty = count_queries(crm_admin_client, url)
    assert three == fifty == ORDER_PAGE_QUERIES
