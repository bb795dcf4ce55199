"""Demo billing data: orders in every status, a partial, a void, an overpaid order and
assets from a fulfilled order — all through the services; a second run changes nothing."""

import pytest
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models import Asset, Order, OrderStatus, Payment, PaymentStatus
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_seeders(admin, sales):
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)


def test_demo_orders_cover_every_status_and_run_twice_safely():
    admin, sales = AdminUserFactory(), UserFactory()
    run_seeders(admin, sales)
    orders = Order.objects.with_totals()
    assert set(orders.values_list("status", flat=True)) == set(OrderStatus.values)
    assert orders.filter(balance_due__lt=0).exists()  # overpaid: a credit
    assert orders.filter(status=OrderStatus.PARTIALLY_PAID).exists()
    assert Payment.objects.filter(status=PaymentStatus.VOID).count() == 2
    fulfilled = orders.get(status=OrderStatus.FULFILLED)
    assert Asset.objects.filter(order_line_item__order=fulfilled).count() == (
        fulfilled.line_items.count()
    )
    # Everything went through the services: the history names the acting admin.
    assert Payment.history.filter(history_user=admin).count() >= Payment.objects.count()

    counts = (Order.objects.count(), Payment.objects.count(), Asset.objects.count())
    run_seeders(admin, sales)
    assert (Order.objects.count(), Payment.objects.count(), Asset.objects.count()) == counts
