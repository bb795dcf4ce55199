"""The company logo, for the print pages: signed-in users only (it sits in private storage)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse

from crm.selectors.company import company_information, company_logo_bytes

LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def logo(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    company = company_information()
    data = company_logo_bytes(company)
    if data is None:
        raise Http404
    extension = company.logo.name.rsplit(".", 1)[-1].lower()
    response = HttpResponse(
        data, content_type=LOGO_TYPES.get(extension, "application/octet-stream")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response
