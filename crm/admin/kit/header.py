"""Context for the Salesforce record header: the highlights panel and the path."""

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from crm.admin.kit.path import build_path

EMPTY = "—"
INACTIVE_PILL = mark_safe(' <span class="crm-badge crm-badge--danger">Inactive</span>')


def record_link(request, record) -> str | None:
    """Where a link to ``record`` may go for this user: its record page when they may view
    it, a user's read-only card for people (never a 403 page), else nowhere."""
    meta = record._meta
    if meta.model_name == "user":
        return reverse("admin:crm_user_card", args=[record.pk])
    if not request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return None
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None


def _field_display(model_admin, request, obj, name: str):
    label = label_for_field(name, type(obj), model_admin)
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        attr = getattr(model_admin, name, None)
        value = attr(obj) if callable(attr) else getattr(obj, name)
        if callable(value):
            value = value()
        return label, display_for_value(value, EMPTY)
    value = getattr(obj, name)
    if isinstance(field, models.ForeignKey) and value is not None:
        url = record_link(request, value)
        # A deactivated linked record (a case's contact) stays shown, marked Inactive.
        mark = INACTIVE_PILL if getattr(value, "is_active", True) is False else ""
        if url is None:
            return label, format_html("{}{}", value, mark)
        return label, format_html('<a href="{}" class="crm-link">{}</a>{}', url, value, mark)
    return label, display_for_field(value, field, EMPTY)


def highlights(model_admin, request, obj) -> dict:
    badges = []
    if getattr(obj, "is_active", True) is False:
        badges.append(("Inactive", "danger"))
    badges.extend(model_admin.get_highlight_badges(request, obj))
    return {
        "object_label": obj._meta.verbose_name,
        "icon": model_admin.object_icon,
        "color": model_admin.object_color,
        "title": str(obj),
        "badges": badges,
        "fields": [
            _field_display(model_admin, request, obj, name) for name in model_admin.highlight_fields
        ],
    }


def path(model_admin, request, obj) -> dict | None:
    """The path's chevrons and buttons (crm.admin.kit.path)."""
    return build_path(model_admin, request, obj)
