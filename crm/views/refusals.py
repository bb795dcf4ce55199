"""The project's 403 handler (config/urls.py ``handler403``): every PermissionDenied the admin
and the portal raise ends here once, so the refusal is logged as an event (crm.events) and
then answered by Django's own 403 page. The API answers its 403s itself (api.kit.errors)."""

from django.views.defaults import permission_denied as django_permission_denied

from crm.events import PERMISSION_DENIED, log_refusal


def permission_denied(request, exception=None):
    log_refusal(reason=PERMISSION_DENIED, request=request)
    return django_permission_denied(request, exception)
