"""Pinned query counts: the invoice list costs the same for 3 invoices as for 30, and an
invoice page the same with 3 payments as with 30 — no per-row query in a paid / balance
figure, a parent link or a card."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.services.invoices import issue_order_invoice, issue_period_invoice
from crm.tests.billing.conftest import pay
from crm.tests.factories import ContractFactory, OrderFactory

pytestmark = pytest.mark.django_db

# The rows, then the list views' saved views and the remembered view (as every list).
INVOICE_LIST_QUERIES = 7  # no COUNT(*) of the unfiltered table
INVOICE_PAGE_QUERIES = 12  # Details with the Lines and Payments cards, Recently Viewed


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def make_invoices(count, owner, admin):
    """Half from orders (part invoices, one paid), half for contract periods."""
    for index in range(count):
        if index % 2:
            order = OrderFactory(owner=owner, lines=2)
            invoice = issue_order_invoice(order, user=admin, amount="500.00")
            pay(order, admin, "100.00", invoice=invoice)
        else:
            contract = ContractFactory(owner=owner)
            start = next(contract.cycle_periods())[0]
            issue_period_invoice(contract, period_start=start, user=admin)


def test_invoice_list(crm_admin_client, crm_admin, sales_user):
    url = reverse("admin:crm_invoice_changelist")
    make_invoices(3, sales_user, crm_admin)
    three = count_queries(crm_admin_client, url)
    make_invoices(27, sales_user, crm_admin)
    thirty = count_queries(crm_admin_client, url)
    assert three == thirty == INVOICE_LIST_QUERIES


@pytest.mark.parametrize("view", ["overdue", "unpaid", "paid_this_month", "recent", "mine"])
def test_invoice_list_views_do_not_grow(crm_admin_client, crm_admin, sales_user, view):
    url = f"{reverse('admin:crm_invoice_changelist')}?view={view}"
    make_invoices(2, sales_user, crm_admin)
    crm_admin_client.get(url)  # the first visit remembers the view; not counted
    few = count_queries(crm_admin_client, url)
    make_invoices(6, sales_user, crm_admin)
    assert count_queries(crm_admin_client, url) == few


def test_invoice_page_with_thirty_payments(crm_admin_client, crm_admin, sales_user):
    order = OrderFactory(owner=sales_user, lines=3)
    invoice = issue_order_invoice(order, user=crm_admin)
    url = reverse("admin:crm_invoice_change", args=[invoice.pk])
    for _ in range(3):
        pay(order, crm_admin, "10.00", invoice=invoice)
    crm_admin_client.get(url)  # the session's first visit writes bookkeeping; not counted
    three = count_queries(crm_admin_client, url)
    for _ in range(27):
        pay(order, crm_admin, "10.00", invoice=invoice)
    thirty = count_queries(crm_admin_client, url)
    assert three == thirty == INVOICE_PAGE_QUERIES
