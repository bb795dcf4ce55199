"""The invoice as a document: the PDF opens and its text holds the number, the client, the
total and the due date; "Download PDF" sends it as an attachment named after the invoice to
signed-in users only; the print page shows the same document."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from crm.documents.invoices import invoice_document, invoice_pdf
from crm.models import CompanyInformation
from crm.services.invoices import issue_order_invoice, issue_period_invoice
from crm.tests.billing.conftest import pay
from crm.tests.factories import ContactFactory, ContractFactory, OrderFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def order(sales_user):
    """Five 1 000.00 lines: total 5 000.00."""
    return OrderFactory(owner=sales_user, lines=5)


@pytest.fixture
def invoice(order, crm_admin):
    account = order.account
    account.billing_contact = ContactFactory(account=account, first_name="Zoë", last_name="Ńowak")
    account.save()
    return issue_order_invoice(order, user=crm_admin)


def test_the_pdf_opens_with_number_client_total_and_due_date(invoice, crm_admin, order):
    CompanyInformation(legal_name="Pixel & Pine Ltd", bank_details="IBAN GB00 0000").save()
    pay(order, crm_admin, "1000.00", invoice=invoice)
    text = _text(invoice_pdf(invoice))
    assert invoice.number in text
    assert "$5,000.00" in text  # the total
    assert "$4,000.00" in text  # the balance due after the payment
    assert order.account.name in text and "Zoë Ńowak" in text
    assert "Pixel & Pine Ltd" in text and "IBAN GB00 0000" in text
    assert f"{invoice.due_date:%B} {invoice.due_date.day}, {invoice.due_date.year}" in text


def test_a_contract_invoice_names_the_contract_and_its_service_period(sales_user, crm_admin):
    contract = ContractFactory(owner=sales_user, price="750.00")
    start, end = next(contract.cycle_periods())
    invoice = issue_period_invoice(contract, period_start=start, user=crm_admin)
    document = invoice_document(invoice)
    assert document.about[0] == f"Contract {contract.number}"
    assert "Service period" in document.about[1]
    assert document.totals[-1] == ("Balance due", "$750.00")
    assert invoice.number in _text(invoice_pdf(invoice))


def test_download_pdf_is_an_attachment_named_after_the_invoice(sales_client, invoice):
    url = reverse("admin:crm_invoice_pdf_detail", args=[invoice.pk])
    response = sales_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert invoice.number in _text(response.content)


def test_download_pdf_needs_a_signed_in_user(client, invoice):
    url = reverse("admin:crm_invoice_pdf_detail", args=[invoice.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


def test_the_print_page_shows_the_same_document(sales_client, invoice):
    url = reverse("admin:crm_invoice_print_detail", args=[invoice.pk])
    html = sales_client.get(url).content.decode()
    document = invoice_document(invoice)
    assert f"data-document-number>{invoice.number}<" in html
    assert f"data-document-total>{document.totals[-1][1]}<" in html
    for line in document.lines:
        assert line.description in html
    assert "Attn: Zoë Ńowak" in html


def test_an_unknown_invoice_is_the_404_page(sales_client):
    url = reverse("admin:crm_invoice_pdf_detail", args=[999999])
    assert sales_client.get(url).status_code == 404
