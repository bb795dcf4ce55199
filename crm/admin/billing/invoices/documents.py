"""The invoice as a document: "Download PDF" (the PDF rendered on the server from
``crm.documents.invoices.invoice_document``, sent as an attachment named after the invoice)
and "Print" (a standalone page with the same content and layout, built from the same
``Document``, on the company letterhead). Both for everyone who may view the invoice; admin
views, so signed-in users only."""

from django.template.response import TemplateResponse
from django.urls import reverse
from unfold.decorators import action

from crm.admin.kit.urls import not_found
from crm.documents.download import pdf_response
from crm.documents.invoices import invoice_document
from crm.selectors.company import company_information
from crm.selectors.invoice_lists import invoice_with_amounts


class DocumentActionsMixin:
    """Mix into InvoiceAdmin and list ``pdf_detail`` and ``print_detail``."""

    def has_print_permission(self, request, object_id=None):
        return self.has_view_permission(request)

    @action(description="Download PDF", url_path="pdf", permissions=["print"], icon="download")
    def pdf_detail(self, request, object_id):
        invoice = invoice_with_amounts(int(object_id))
        if invoice is None:
            return not_found(self, request)
        return pdf_response(invoice_document(invoice))

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
                "company": company_information(),
                "back_url": reverse("admin:crm_invoice_change", args=[invoice.pk]),
                "back_label": "← Back to the invoice",
                "pdf_url": reverse("admin:crm_invoice_pdf_detail", args=[invoice.pk]),
            },
        )
