"""The invoice as a document: "Download PDF" (the PDF rendered on the server by
``crm.documents.invoices.invoice_pdf``, sent as an attachment named after the invoice) and
"Print" (a standalone page with the same content and layout, built from the same
``Document``). Both for everyone who may view the invoice; admin views, so signed-in only."""

import base64
import mimetypes

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from unfold.decorators import action

from crm.admin.kit.urls import not_found
from crm.documents.invoices import invoice_document, invoice_pdf
from crm.selectors.company import company_information, company_logo_bytes
from crm.selectors.invoice_lists import invoice_with_amounts


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def letterhead() -> dict:
    """The company and its logo (private storage) inlined as a data URL for the print page."""
    company = company_information()
    logo = company_logo_bytes(company)
    url = ""
    if logo:
        kind = mimetypes.guess_type(company.logo.name)[0] or "image/png"
        url = f"data:{kind};base64,{base64.b64encode(logo).decode()}"
    return {"company": company, "logo_url": url}


class DocumentActionsMixin:
    """Mix into InvoiceAdmin and list ``download_pdf_detail`` and ``print_detail``."""

    def has_download_pdf_permission(self, request, object_id=None):
        return self.has_view_permission(request)

    def has_print_permission(self, request, object_id=None):
        return self.has_view_permission(request)

    @action(
        description="Download PDF",
        url_path="pdf",
        permissions=["download_pdf"],
        icon="picture_as_pdf",
    )
    def download_pdf_detail(self, request, object_id):
        invoice = invoice_with_amounts(int(object_id))
        if invoice is None:
            return not_found(self, request)
        return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf")

    @action(description="Print", url_path="print", permissions=["print"], icon="print")
    def print_detail(self, request, object_id):
        invoice = invoice_with_amounts(int(object_id))
        if invoice is None:
            return not_found(self, request)
        return TemplateResponse(
            request,
            "crm/documents/print.html",
            {
                "document": invoice_document(invoice),
                "back_url": reverse("admin:crm_invoice_change", args=[invoice.pk]),
                "back_label": "← Back to the invoice",
                **letterhead(),
            },
        )
