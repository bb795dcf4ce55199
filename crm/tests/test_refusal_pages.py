"""403 answers are the app's own page: in the shell, with the reason and a way back, for a
refused admin page, a stale action, a refused download and a failed CSRF check."""

import pytest
from django.test import Client
from django.utils.html import escape

from crm.models import Order, OrderStatus
from crm.tests.factories import AccountFactory, AttachmentFactory, OrderFactory, UserFactory
from crm.views.refusals import CSRF_REASON

pytestmark = pytest.mark.django_db
SHELL = 'id="nav-sidebar-inner"'  # Unfold's sidebar: the page is inside the app's shell


def _page(response) -> str:
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_a_sales_user_opening_an_admin_only_list_sees_why_in_the_shell(sales_client):
    body = _page(sales_client.get("/crm/user/"))
    assert "You cannot do this: only administrators can open users." in body
    assert "403 Forbidden" not in body
    assert 'href="/">Back to Home</a>' in body
    assert SHELL in body and "Sam Seller" in body  # the shell, with its user menu


def test_an_admin_only_record_names_the_role(sales_client, crm_admin):
    body = _page(sales_client.get(f"/crm/user/{crm_admin.pk}/change/"))
    assert "only administrators can open users." in body


def test_a_stale_action_says_the_records_state_and_links_back_to_it(crm_admin_client):
    order = OrderFactory()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    body = _page(crm_admin_client.get(f"/crm/order/{order.pk}/cancel-order/"))
    assert (
        f"You cannot do this: “Cancel Order” is not available for order ‘{order}’ now that it "
        "is Cancelled. Someone may have changed it since you opened the page."
    ) in body
    assert f'href="/crm/order/{order.pk}/change/">Back to order</a>' in body


def test_an_action_the_role_lacks_says_so(sales_client):
    order = OrderFactory()
    body = _page(sales_client.get(f"/crm/order/{order.pk}/cancel-order/"))
    assert "only administrators can use “Cancel Order” on orders." in body


def test_a_refused_download_gives_its_reason(client):
    attachment = AttachmentFactory(record=AccountFactory())
    user = UserFactory()
    user.groups.clear()  # no role permissions: may not view accounts
    client.force_login(user)
    body = _page(client.get(f"/attachments/{attachment.pk}/download/"))
    assert "You cannot do this: you may not open the record this file is attached to" in body


def test_the_way_back_is_the_page_the_user_came_from_when_it_is_ours(sales_client):
    body = _page(sales_client.get("/crm/user/", HTTP_REFERER="http://testserver/crm/account/"))
    assert 'href="http://testserver/crm/account/">Go back</a>' in body
    body = _page(sales_client.get("/crm/user/", HTTP_REFERER="https://evil.example/"))
    assert "evil.example" not in body and "Go back" not in body


def test_a_failed_csrf_check_on_a_form_is_the_same_page(sales_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    body = _page(client.post("/crm/account/add/", {"name": "X"}, HTTP_ACCEPT="text/html"))
    assert f"You cannot do this: {escape(CSRF_REASON)}" in body
    assert SHELL in body
    assert "CSRF verification failed" not in body


def test_signed_out_the_page_still_explains_without_the_shell():
    client = Client(enforce_csrf_checks=True)
    body = _page(client.post("/login/", {"username": "a@b.c", "password": "x"}))
    assert f"You cannot do this: {escape(CSRF_REASON)}" in body
    assert SHELL not in body
