"""The base URL of links sent by email (SPEC §5: welcome / set-password). The operator's
CRM_SITE_URL wins; unset, links point where the request came (the demo on another port, a
second host name), so they always open the app the user is using."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(request=None) -> str:
    if request is not None and not settings.CRM_SITE_URL_EXPLICIT:
        return f"{request.scheme}://{request.get_host()}"
    return settings.CRM_SITE_URL


def configured_origin() -> tuple[str, bool] | None:
    """(host[:port], https?) of CRM_SITE_URL when the operator set it, else None."""
    if not settings.CRM_SITE_URL_EXPLICIT:
        return None
    parts = urlsplit(settings.CRM_SITE_URL)
    return parts.netloc, parts.scheme == "https"
