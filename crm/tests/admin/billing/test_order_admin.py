"""The order pages through the admin: Generate Order, the record page (figures, credit,
path), Fulfil / Cancel behind confirmations, and that nothing but the status can change."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Asset, Order, OrderStatus
from crm.services.opportunities import generate_order
from crm.services.orders import cancel_order, fulfil_order
from crm.services.payments import void_payment
from crm.tests.billing.conftest import YESTERDAY, pay, won_opportunity
from crm.tests.factories import AccountFactory
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db


def order_url(order, view="change"):
    return reverse(f"admin:crm_order_{view}", args=[order.pk])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_generate_order_asks_then_lands_on_the_new_order(sales_client, sales_user):
    opportunity = won_opportunity(sales_user, prices=("1500.00",))
    url = reverse("admin:crm_opportunity_generate_order_detail", args=[opportunity.pk])
    page = sales_client.get(reverse("admin:crm_opportunity_change", args=[opportunity.pk]))
    assert url in page.content.decode()
    asked = sales_client.get(url)
    assert "This will create a formal order for this opportunity. Are you sure?" in (
        asked.content.decode()
    )
    data = with_once(sales_client, url, {"version": opportunity.version})
    response = sales_client.post(url, data)
    order = Order.objects.get(opportunity=opportunity)
    assert response.status_code == 302
    assert response.url == order_url(order)
    # A second click (same page, same version) makes no second order.
    again = sales_client.post(url, data)
    assert (again.status_code, again.url) == (302, order_url(order))  # "already done"
    assert Order.objects.count() == 1


def test_generate_order_is_not_offered_before_the_deal_is_won(sales_client, sales_user):
    opportunity = won_opportunity(sales_user)
    type(opportunity).objects.filter(pk=opportunity.pk).update(stage="negotiation")
    url = reverse("admin:crm_opportunity_generate_order_detail", args=[opportunity.pk])
    assert sales_client.post(url, {"version": opportunity.version}).status_code == 403
    assert not Order.objects.exists()


def test_the_order_page_shows_total_paid_and_balance_large(crm_admin_client, order, crm_admin):
    pay(order, crm_admin, "2500.00")
    html = crm_admin_client.get(order_url(order)).content.decode()
    assert 'data-figure="total">$5,000.00' in html
    assert 'data-figure="paid">$2,500.00' in html
    assert 'data-figure="balance">$2,500.00' in html
    assert "Partially Paid" in html
    assert order.number in html


def test_an_overpaid_order_shows_a_credit(crm_admin_client, order, crm_admin):
    pay(order, crm_admin, "5600.00")
    html = crm_admin_client.get(order_url(order)).content.decode()
    assert "Credit $600.00" in html
    listing = crm_admin_client.get(reverse("admin:crm_order_changelist")).content.decode()
    assert "Credit $600.00" in listing


def test_a_crafted_post_changes_nothing_but_what_services_allow(crm_admin_client, order):
    other = AccountFactory()
    before = Order.objects.values().get(pk=order.pk)
    crm_admin_client.post(
        order_url(order),
        {
            "version": order.version,
            "account": other.pk,
            "order_date": YESTERDAY.isoformat(),
            "status": OrderStatus.PAID_IN_FULL,
            "currency": "EUR",
        },
    )
    after = Order.objects.values().get(pk=order.pk)
    for field in ("account_id", "order_date", "status", "currency", "opportunity_id"):
        assert after[field] == before[field]


def test_the_path_never_skips_and_names_the_step_it_takes(crm_admin_client, order):
    response = crm_admin_client.get(order_url(order))
    path = response.context["record_path"]
    labels = [stage["label"] for stage in path["stages"]]
    assert labels == ["Awaiting Payment", "Partially Paid", "Paid in Full", "Fulfilled / Cancelled"]
    # The next chevron (Partially Paid) follows the payments: the button names its step.
    page = response.content.decode()
    assert "Mark Status as Complete" not in page
    assert (path["next_stage"]["label"], path["next_stage"]["url"]) == (
        "Mark as Fulfilled",
        order_url(order, "fulfil_detail"),
    )
    assert not next(s for s in path["stages"] if s["value"] == "partially_paid")["allowed"]


def test_order_chevrons_select_then_offer_the_outcomes(crm_admin_client, order):
    path = crm_admin_client.get(order_url(order) + "?path=paid_in_full").context["record_path"]
    assert path["selected"]["choices"] == []
    assert "follow the payments" in path["selected"]["refusal"]
    path = crm_admin_client.get(order_url(order) + "?path=closed").context["record_path"]
    choices = [(c["label"], c["url"], c["tone"]) for c in path["selected"]["choices"]]
    assert choices == [
        ("Mark as Fulfilled", order_url(order, "fulfil_detail"), "won"),
        ("Mark as Cancelled", order_url(order, "cancel_order_detail"), "lost"),
    ]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT


def test_a_reached_outcome_fills_the_final_chevron(crm_admin_client, order, crm_admin):
    cancel_order(order, user=crm_admin, version=order.version)
    path = crm_admin_client.get(order_url(order)).context["record_path"]
    final = path["stages"][-1]
    assert [s["label"] for s in path["stages"]] == ["Awaiting Payment", "Cancelled"]
    assert (final["state"], final["tone"], path["outcome"]) == ("current", "lost", "lost")
    assert path["next_stage"] is None


def test_the_path_posts_refuse_paid_states_and_fulfil_asks_first(crm_admin_client, order):
    paid = reverse("admin:crm_order_path", args=[order.pk, "paid_in_full"])
    response = crm_admin_client.post(paid, {"version": order.version})
    assert "follow the payments" in " ".join(toasts(response))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT
    fulfilled = reverse("admin:crm_order_path", args=[order.pk, "fulfilled"])
    response = crm_admin_client.post(fulfilled, {"version": order.version})
    assert response.url == order_url(order, "fulfil_detail")  # asks first
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT


def test_fulfil_through_the_admin_creates_assets(crm_admin_client, order):
    url = order_url(order, "fulfil_detail")
    assert "Mark " in crm_admin_client.get(url).content.decode()
    crm_admin_client.post(url, {"version": order.version})
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED
    assert Asset.objects.filter(account=order.account).count() == 1
    account_page = crm_admin_client.get(
        reverse("admin:crm_account_change", args=[order.account_id]) + "?tab=related"
    )
    assert 'data-related-list="assets"' in account_page.content.decode()
    assert Asset.objects.get().name in account_page.content.decode()


def test_cancel_through_the_admin_is_refused_while_paid(crm_admin_client, order, crm_admin):
    payment = pay(order, crm_admin, "100.00")
    order.refresh_from_db()
    url = order_url(order, "cancel_order_detail")
    assert crm_admin_client.get(url).status_code == 403  # not offered
    response = crm_admin_client.post(url, {"version": order.version})
    assert response.status_code == 403
    void_payment(payment, user=crm_admin, reason="Entered in error")
    order.refresh_from_db()
    response = crm_admin_client.post(url, {"version": order.version})
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert f"Order '{order.number}' was cancelled." in toasts(response)


def test_sales_users_read_orders_but_cannot_move_them(sales_client, order):
    assert sales_client.get(order_url(order)).status_code == 200
    for view in ("fulfil_detail", "cancel_order_detail", "log_payment_detail"):
        assert sales_client.post(order_url(order, view), {"version": 1}).status_code == 403
    path = reverse("admin:crm_order_path", args=[order.pk, "fulfilled"])
    assert sales_client.post(path, {"version": order.version}).status_code == 403
    assert Order.objects.get(pk=order.pk).status == OrderStatus.AWAITING_PAYMENT


def test_the_list_searches_by_number_and_account(crm_admin_client, order, sales_user):
    other = won_opportunity(sales_user)
    second = generate_order(other, user=sales_user)
    url = reverse("admin:crm_order_changelist")
    found = crm_admin_client.get(url, {"q": order.number}).context["cl"].result_list
    assert [o.pk for o in found] == [order.pk]
    found = crm_admin_client.get(url, {"q": other.account.name}).context["cl"].result_list
    assert [o.pk for o in found] == [second.pk]
    rows = crm_admin_client.get(url, {"status": "awaiting_payment"}).context["cl"].result_list
    assert {o.pk for o in rows} == {order.pk, second.pk}
    assert rows[0].total >= Decimal("0")


def test_export_lists_the_computed_amounts(crm_admin_client, order, crm_admin):
    pay(order, crm_admin, "1000.00")
    response = crm_admin_client.post(
        reverse("admin:crm_order_export"), {"format": "0", "resource": "0"}
    )
    body = response.content.decode()
    assert "Order Number" in body and order.number in body
    assert "5000.00" in body and "4000.00" in body


def test_view_all_links_open_filtered_lists(crm_admin_client, order, crm_admin):
    pay(order, crm_admin, "10.00")
    fulfil_order(order, user=crm_admin)
    generate_order(won_opportunity(crm_admin), user=crm_admin)
    lists = {
        reverse("admin:crm_order_changelist"): {"account": order.account_id},
        reverse("admin:crm_payment_changelist"): {"order": order.pk},
        reverse("admin:crm_asset_changelist"): {"account": order.account_id},
    }
    for url, params in lists.items():
        response = crm_admin_client.get(url, params)
        assert response.status_code == 200, url
        assert len(response.context["cl"].result_list) == 1, url


def test_history_pages_show_the_payment_trail(crm_admin_client, order, crm_admin):
    payment = pay(order, crm_admin, "10.00")
    for url in (
        reverse("admin:crm_order_history", args=[order.pk]),
        reverse("admin:crm_payment_history", args=[payment.pk]),
    ):
        assert crm_admin_client.get(url).status_code == 200
    html = crm_admin_client.get(order_url(order)).content.decode()
    assert "Partially Paid" in html  # the status change is in the record's history tab


def test_the_path_costs_no_queries_per_chevron(crm_admin_client, order):
    """Selecting a chevron renders the same page: no query more than the plain page."""
    crm_admin_client.get(order_url(order))  # warm the per-process caches

    def count(query=""):
        with CaptureQueriesContext(connection) as queries:
            assert crm_admin_client.get(order_url(order) + query).status_code == 200
        return len(queries)

    plain = count()
    assert count("?path=closed") == count("?path=partially_paid") == plain
