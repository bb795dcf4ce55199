"""Log Payment on the Payments card of an order and a contract: the header action itself
(same URL, same rules), so it is offered exactly where the header offers it."""

import pytest
from django.urls import reverse

from crm.services.orders import cancel_order
from crm.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def _payments_card(client, record) -> str:
    meta = record._meta
    url = reverse(f"admin:crm_{meta.model_name}_change", args=[record.pk]) + "?tab=related"
    html = client.get(url).content.decode()
    return html.split('data-related-list="payments"')[1].split("</header>")[0]


def test_order_payments_card_offers_log_payment(crm_admin_client, order):
    card = _payments_card(crm_admin_client, order)
    log_url = reverse("admin:crm_order_log_payment_detail", args=[order.pk])
    assert f'href="{log_url}" data-card-action="payments"' in card
    assert ">Log Payment</a>" in card
    assert crm_admin_client.get(log_url).status_code == 200  # the header's own flow


def test_cancelled_order_and_readers_get_no_card_button(
    crm_admin_client, crm_admin, sales_client, order
):
    assert "data-card-action" not in _payments_card(sales_client, order)  # no add_payment
    cancel_order(order, user=crm_admin, version=order.version)
    assert "data-card-action" not in _payments_card(crm_admin_client, order)


def test_contract_payments_card_offers_log_payment(crm_admin_client, sales_user):
    contract = ContractFactory(owner=sales_user)
    card = _payments_card(crm_admin_client, contract)
    log_url = reverse("admin:crm_contract_log_payment_detail", args=[contract.pk])
    assert f'href="{log_url}" data-card-action="payments"' in card
