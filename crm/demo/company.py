"""The demo agency's company information: the letterhead of its quotes and invoices."""

from crm.models.company import SINGLETON_ID, CompanyInformation
from crm.services.records import save_record


def seed(*, admin, sales, scale: int) -> None:
    if CompanyInformation.objects.filter(pk=SINGLETON_ID).exists():
        return
    company = CompanyInformation(
        legal_name="Northwind Digital Studio Ltd",
        address="12 Canal Street\nManchester M1 3HE\nUnited Kingdom",
        tax_number="GB 284 9917 36",
        phone="+44 161 555 0142",
        website="northwind.example",
        bank_details=(
            "Bank transfer to Northwind Digital Studio Ltd\n"
            "Sort code 20-00-00 · Account 55779911 · IBAN GB29 BARC 2000 0055 7799 11\n"
            "Please quote the invoice number as the payment reference."
        ),
        invoice_footer="Registered in England and Wales No. 09876543",
        payment_terms_days=14,
        reply_to_email="accounts@northwind.example",
    )
    save_record(company, user=admin)
