"""The app's own 404 page: inside the shell (sidebar, header) for signed-in users, so a
mistyped or stale record link never lands on Django's bare page."""

import re

from django.contrib import admin
from django.template.response import TemplateResponse

# /crm/<object>/<id>/… : a link to one record (a list or an unknown page is just a page).
RECORD_PATH = re.compile(r"^/crm/[a-z]+/[^/]+/")
RECORD_NOT_FOUND = "This record does not exist or you cannot see it."
PAGE_NOT_FOUND = "We couldn't find that page."


def not_found(request, exception=None):
    signed_in = request.user.is_authenticated and request.user.is_active
    record_url = RECORD_PATH.match(request.path) is not None
    context = {
        **(admin.site.each_context(request) if signed_in else {}),
        "title": "Not found",
        "record_url": record_url,
        "message": RECORD_NOT_FOUND if record_url else PAGE_NOT_FOUND,
        "hint": "Check the link, or find the record in its list." if record_url else "",
    }
    return TemplateResponse(request, "404.html", context, status=404)
