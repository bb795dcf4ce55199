"""Context for the Salesforce record header: the highlights panel and the path."""

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

EMPTY = "—"


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
        if url is None:
            return label, str(value)
        return label, format_html('<a href="{}" class="crm-link">{}</a>', url, value)
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
    """Chevrons of an FSM field: done / current / future, and which ones this user may click."""
    field_name = model_admin.path_field
    if not field_name or obj is None or obj.pk is None:
        return None
    current = model_admin.get_path_current(request, obj)
    stages = model_admin.get_path_stages(request, obj)
    values = [value for value, _ in stages]
    current_index = values.index(current) if current in values else len(values)
    allowed = model_admin.allowed_targets(request, obj)
    can_change = model_admin.has_change_permission(request, obj)
    url_name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_path"
    built = [
        {
            "value": value,
            "label": label,
            "state": _stage_state(index, current_index),
            "allowed": can_change and model_admin.is_path_stage_allowed(value, allowed),
            "url": model_admin.get_path_stage_url(obj, value)
            or reverse(url_name, args=[obj.pk, value]),
            "hint": model_admin.get_path_hint(value),
        }
        for index, (value, label) in enumerate(stages)
    ]
    # Salesforce's "Mark Stage as Complete": the next stage in order the user may move to.
    next_stage = next((stage for stage in built[current_index + 1 :] if stage["allowed"]), None)
    return {
        "field": field_name,
        "version": getattr(obj, "version", None),
        "stages": built,
        "next_stage": next_stage,
    }


def _stage_state(index: int, current_index: int) -> str:
    if index == current_index:
        return "current"
    return "complete" if index < current_index else "future"
