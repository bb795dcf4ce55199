"""Invoices through the API: the list with annotated paid / balance due in constant queries,
filters and search by number, the detail with lines and payments and its ETag, ``issue/``
(an order, a part invoice, a contract period — admins only) and ``void/`` (a reason, the
version checked), refusals as 422 with the service's message."""

from decimal import Decimal

import pytest

from crm.models import Invoice, InvoiceStatus
from crm.services.invoices import issue_order_invoice, issue_period_invoice
from crm.tests.billing.conftest import pay
from crm.tests.factories import ContractFactory, OrderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/invoices/"
AUTH_QUERIES = 3  # the token with its user, knox's token look-up, the permissions


def test_list_with_amounts_in_constant_queries(
    sales_api, sales_user, crm_admin, django_assert_num_queries
):
    orders = [OrderFactory(owner=sales_user, lines=2) for _ in range(3)]
    invoices = [issue_order_invoice(order, user=crm_admin) for order in orders]
    pay(orders[0], crm_admin, "500.00", invoice=invoices[0])
    with django_assert_num_queries(AUTH_QUERIES + 1):
        response = sales_api.get(URL)
    rows = {row["id"]: row for row in response.json()["results"]}
    first = rows[invoices[0].pk]
    assert first["number"] == invoices[0].number and first["order"] == orders[0].pk
    assert first["total"] == {"amount": "2000.00", "currency": "USD"}
    assert first["amount_paid"]["amount"] == "500.00"
    assert first["balance_due"]["amount"] == "1500.00"
    assert first["status"] == "partially_paid"


def test_filters_and_search_by_number(sales_api, sales_user, crm_admin):
    order = OrderFactory(owner=sales_user)
    contract = ContractFactory(owner=sales_user)
    by_order = issue_order_invoice(order, user=crm_admin)
    start = next(contract.cycle_periods())[0]
    by_contract = issue_period_invoice(contract, period_start=start, user=crm_admin)
    found = sales_api.get(URL, {"search": by_contract.number}).json()["results"]
    assert [row["id"] for row in found] == [by_contract.pk]
    mine = sales_api.get(URL, {"contract": contract.pk}).json()["results"]
    assert [row["id"] for row in mine] == [by_contract.pk]
    assert mine[0]["service_period_start"] == start.isoformat()
    issued = sales_api.get(URL, {"status": "issued", "order": order.pk}).json()["results"]
    assert [row["id"] for row in issued] == [by_order.pk]


def test_detail_nests_lines_and_payments_with_its_etag(sales_api, sales_user, crm_admin):
    order = OrderFactory(owner=sales_user, lines=3)
    invoice = issue_order_invoice(order, user=crm_admin)
    pay(order, crm_admin, "100.00", invoice=invoice)
    response = sales_api.get(f"{URL}{invoice.pk}/")
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert len(body["lines"]) == 3 and len(body["payments"]) == 1
    assert body["lines"][0]["unit_price"] == {"amount": "1000.00", "currency": "USD"}
    assert body["balance_due"]["amount"] == "2900.00"


def test_issue_from_an_order_and_a_part_invoice(admin_api, sales_user):
    order = OrderFactory(owner=sales_user, lines=2)
    part = admin_api.post(f"{URL}issue/", {"order": order.pk, "amount": "500.00"}, format="json")
    assert part.status_code == 201, part.content
    assert part.json()["total"]["amount"] == "500.00" and part["ETag"]
    rest = admin_api.post(f"{URL}issue/", {"order": order.pk}, format="json")
    assert rest.json()["total"]["amount"] == "1500.00"
    again = admin_api.post(f"{URL}issue/", {"order": order.pk}, format="json")
    assert again.status_code == 422 and "nothing left to invoice" in again.json()["detail"]
    assert Invoice.objects.filter(order=order).count() == 2


def test_issue_for_a_contract_period(admin_api, sales_user):
    contract = ContractFactory(owner=sales_user, price="800.00")
    start = next(contract.cycle_periods())[0]
    body = {"contract": contract.pk, "period_start": start.isoformat()}
    response = admin_api.post(f"{URL}issue/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["service_period_start"] == start.isoformat()
    assert data["total"]["amount"] == "800.00" and data["status"] == "issued"
    twice = admin_api.post(f"{URL}issue/", body, format="json")
    assert twice.status_code == 422
    assert Invoice.objects.filter(contract=contract).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"order": 1, "contract": 1, "period_start": "2026-01-01"},
        {"contract": 1},
        {"order": 1, "amount": "-5"},
        {"order": 1, "number": "INV-1"},
    ],
)
def test_issue_refuses_bad_input_with_400(admin_api, body):
    response = admin_api.post(f"{URL}issue/", body, format="json")
    assert response.status_code == 400
    assert not Invoice.objects.exists()


def test_sales_users_read_but_neither_issue_nor_void(sales_api, sales_user, crm_admin):
    order = OrderFactory(owner=sales_user)
    assert sales_api.post(f"{URL}issue/", {"order": order.pk}, format="json").status_code == 403
    invoice = issue_order_invoice(order, user=crm_admin)
    void = sales_api.post(f"{URL}{invoice.pk}/void/", {"reason": "x"}, HTTP_IF_MATCH='"1"')
    assert void.status_code == 403
    assert sales_api.get(f"{URL}{invoice.pk}/").status_code == 200


def test_void_needs_a_reason_and_the_current_version(admin_api, sales_user, crm_admin):
    invoice = issue_order_invoice(OrderFactory(owner=sales_user), user=crm_admin, amount="10")
    url = f"{URL}{invoice.pk}/void/"
    version = Invoice.objects.get(pk=invoice.pk).version
    assert admin_api.post(url, {}, format="json", HTTP_IF_MATCH=f'"{version}"').status_code == 400
    stale = admin_api.post(url, {"reason": "Typo"}, format="json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    done = admin_api.post(url, {"reason": "Typo"}, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["void_reason"]) == ("void", "Typo")
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.VOID


def test_void_is_refused_while_money_is_kept(admin_api, sales_user, crm_admin):
    order = OrderFactory(owner=sales_user)
    invoice = issue_order_invoice(order, user=crm_admin)
    pay(order, crm_admin, "100.00", invoice=invoice)
    version = Invoice.objects.get(pk=invoice.pk).version
    refused = admin_api.post(
        f"{URL}{invoice.pk}/void/", {"reason": "x"}, format="json", HTTP_IF_MATCH=f'"{version}"'
    )
    assert refused.status_code == 422
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.PARTIALLY_PAID
    assert Invoice.objects.get(pk=invoice.pk).total.amount == Decimal("1000.00")


def test_send_queues_the_email_with_its_pdf(admin_api, sales_api, sales_user, crm_admin):
    from crm.models.outbox import EmailMessage

    invoice = issue_order_invoice(OrderFactory(owner=sales_user), user=crm_admin)
    url = f"{URL}{invoice.pk}/send/"
    assert sales_api.post(url, {"to": ["a@client.example"]}, format="json").status_code == 403
    no_contact = admin_api.post(url, {}, format="json")
    assert no_contact.status_code == 422 and "billing contact" in no_contact.json()["detail"]
    bad = admin_api.post(url, {"to": ["not an address"]}, format="json")
    assert bad.status_code == 400
    sent = admin_api.post(url, {"to": ["ap@client.example"], "subject": "Yours"}, format="json")
    assert sent.status_code == 202, sent.content
    assert sent.json()["to"] == ["ap@client.example"] and sent.json()["subject"] == "Yours"
    email = EmailMessage.objects.get()
    assert [a.filename for a in email.attachments.all()] == [f"{invoice.number}.pdf"]
