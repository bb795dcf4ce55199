"""A Document as a downloaded PDF file."""

from django.http import HttpResponse

from crm.documents.model import Document
from crm.documents.pdf import render_pdf


def pdf_response(document: Document) -> HttpResponse:
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
