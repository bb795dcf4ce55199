"""Client documents as PDF: the quote on the agency's letterhead (company information), any
client name printable, the text a reader (or a test) can extract."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from djmoney.money import Money
from pypdf import PdfReader

from crm.documents.quotes import quote_pdf
from crm.models import CompanyInformation
from crm.selectors.company import company_information
from crm.tests.factories import AccountFactory, QuoteFactory, QuoteLineItemFactory

pytestmark = pytest.mark.django_db

# A 1×1 red PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
    "08d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def quote():
    account = AccountFactory(name="Łódź Studio", billing_city="Łódź", billing_country="Poland")
    quote = QuoteFactory(account=account, name="Website rebuild")
    QuoteLineItemFactory(quote=quote, quantity=2, sale_price=Money("1500.00", quote.currency))
    return quote


def test_before_an_admin_fills_it_in_the_company_is_the_agency_name(settings):
    company = company_information()
    assert company.pk is None
    assert str(company) == settings.CRM_AGENCY_NAME
    assert company.payment_terms_days == 14


def test_the_quote_pdf_holds_the_letterhead_number_client_and_total(quote):
    CompanyInformation(
        legal_name="Pixel & Pine Ltd",
        address="1 Harbour Road\nBristol BS1 4QA",
        tax_number="GB123456789",
        invoice_footer="Registered in England No. 0123456",
        logo=ContentFile(PNG, name="logo.png"),
    ).save()
    pdf = quote_pdf(quote)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in (
        "Pixel & Pine Ltd",
        "1 Harbour Road",
        "GB123456789",
        quote.number,
        "Łódź Studio",
        "Website rebuild",
        "$3,000.00",
        "Registered in England No. 0123456",
    ):
        assert expected in text, expected


def test_there_is_only_ever_one_company_record():
    CompanyInformation(legal_name="First").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyInformation(legal_name="Second").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyInformation.objects.bulk_create([CompanyInformation(id=2, legal_name="Third")])
    assert list(CompanyInformation.objects.values_list("legal_name", flat=True)) == ["First"]
