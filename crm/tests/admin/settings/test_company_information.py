"""Settings → Company information: admins fill in the agency's one record (no list, no second
record, no delete); sales users cannot open it; the logo is served to signed-in users only;
quotes print and download as PDF on that letterhead."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from djmoney.money import Money
from pypdf import PdfReader

from crm.models import CompanyInformation
from crm.tests.documents.test_quote_pdf import PNG
from crm.tests.factories import QuoteFactory, QuoteLineItemFactory

pytestmark = pytest.mark.django_db

PAGE = "/crm/companyinformation/"
FORM = {
    "legal_name": "Pixel & Pine Ltd",
    "address": "1 Harbour Road\nBristol BS1 4QA",
    "tax_number": "GB123456789",
    "phone": "",
    "website": "",
    "invoice_footer": "Registered in England No. 0123456",
    "bank_details": "IBAN GB00 BARC 1234 5678 9012 34",
    "payment_terms_days": "30",
    "default_currency": "USD",
    "reply_to_email": "accounts@pixelpine.example",
}


def test_the_first_visit_opens_the_form_and_saving_makes_the_one_record(crm_admin_client):
    response = crm_admin_client.get(PAGE, follow=True)
    assert response.request["PATH_INFO"] == f"{PAGE}add/"
    response = crm_admin_client.post(f"{PAGE}add/", FORM)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}1/change/"
    company = CompanyInformation.objects.get()
    assert (company.legal_name, company.payment_terms_days) == ("Pixel & Pine Ltd", 30)
    # From now on the sidebar entry and the add page open that record.
    assert crm_admin_client.get(PAGE, follow=True).request["PATH_INFO"] == f"{PAGE}1/change/"
    assert crm_admin_client.get(f"{PAGE}add/")["Location"] == f"{PAGE}1/change/"


def test_a_stale_edit_is_refused_and_changes_nothing(crm_admin_client):
    CompanyInformation(legal_name="Pixel & Pine Ltd").save()
    CompanyInformation.objects.filter(pk=1).update(version=2)
    response = crm_admin_client.post(
        f"{PAGE}1/change/", {**FORM, "legal_name": "Renamed", "version": "1"}, follow=True
    )
    assert CompanyInformation.objects.get().legal_name == "Pixel & Pine Ltd"
    assert "changed" in response.content.decode()


def test_bad_terms_and_currency_are_form_errors(crm_admin_client):
    response = crm_admin_client.post(
        f"{PAGE}add/", {**FORM, "payment_terms_days": "400", "default_currency": "XYZ"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Payment terms must be between 0 and 365 days." in html
    assert not CompanyInformation.objects.exists()


def test_sales_users_cannot_open_it(sales_client):
    assert sales_client.get(f"{PAGE}add/").status_code == 403


def test_the_logo_is_for_signed_in_users_only(sales_client):
    CompanyInformation(legal_name="Pixel", logo=ContentFile(PNG, name="logo.png")).save()
    assert Client().get("/company/logo/").status_code == 302
    response = sales_client.get("/company/logo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == PNG


def test_the_quote_prints_and_downloads_on_the_letterhead(sales_client, sales_user):
    CompanyInformation(
        legal_name="Pixel & Pine Ltd",
        address="1 Harbour Road",
        logo=ContentFile(PNG, name="logo.png"),
    ).save()
    quote = QuoteFactory(owner=sales_user)
    QuoteLineItemFactory(quote=quote, quantity=3, sale_price=Money("100.00", quote.currency))
    html = sales_client.get(f"/crm/quote/{quote.pk}/print/").content.decode()
    assert "Pixel &amp; Pine Ltd" in html and "1 Harbour Road" in html
    assert 'src="/company/logo/"' in html
    assert f'href="/crm/quote/{quote.pk}/pdf/"' in html
    response = sales_client.get(f"/crm/quote/{quote.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{quote.number}.pdf"'
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert quote.number in text and "Pixel & Pine Ltd" in text and "$300.00" in text


def test_the_form_offers_the_allowed_currencies_and_no_save_and_add_another(crm_admin_client):
    html = crm_admin_client.get(f"{PAGE}add/").content.decode()
    assert '<option value="EUR"' in html and '<option value="GBP"' in html
    assert "Save and add another" not in html and "_addanother" not in html
