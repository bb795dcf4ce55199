"""Browser security headers: Content-Security-Policy, Permissions-Policy, no framing at all.

CSP (django-csp 4): scripts only from our own origin or carrying the per-request nonce; no
``'unsafe-inline'`` for scripts. ``'unsafe-eval'`` is allowed because Unfold ships Alpine.js's
standard build, which compiles every ``x-data`` / ``@click`` expression with ``new Function``
(Alpine's CSP build is not what Unfold bundles). Styles need ``'unsafe-inline'``: Unfold writes
its theme colours in an inline ``<style>`` and uses ``style=""`` attributes throughout, and htmx
injects its indicator styles. Nothing may frame the app (``frame-ancestors 'none'`` plus
``X-Frame-Options: DENY``), so Unfold's related-object popups open as windows, not iframes
(crm/static/crm/related_popups.js).
"""

from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.utils.deprecation import MiddlewareMixin

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_EVAL, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Powerful browser features the CRM never uses: switched off for every origin.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}


class DenyFramingMiddleware(MiddlewareMixin):
    """``X-Frame-Options: DENY`` on every response, overriding per-view SAMEORIGIN.

    Unfold decorates its changelist and change-form views with ``xframe_options_sameorigin``
    (for its iframe popups); Django's XFrameOptionsMiddleware keeps a header a view already
    set, so this middleware sits outside it and has the last word.
    """

    def process_response(self, request, response):
        response["X-Frame-Options"] = "DENY"
        return response
