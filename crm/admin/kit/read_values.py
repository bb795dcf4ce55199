"""How a saved value reads on the Details tab (and in every read-only field of the admin):
a related record links where this user may follow it — a person to their user card, never
the admin-only user form (a 403 for sales users) —, email, phone and website are links that
mail, dial and open, and an empty value is the kit's one mark ("—", never Django's "-").

Rendered by crm/templates/unfold/helpers/field_readonly_value.html through the
``read_value`` tag (crm.templatetags.crm_details)."""

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils.html import format_html

from crm.admin.kit.columns import EMPTY, email_link, phone_link
from crm.admin.kit.header import record_link

PHONE_FIELDS = frozenset({"phone", "mobile", "fax"})
# What Django, Unfold or a display method write for "no value".
EMPTY_CONTENTS = frozenset({"", "-", "None", EMPTY})


def website_link(address: str | None, url: str | None = None) -> str:
    """A website typed as ``www.example.com`` opens as https://www.example.com, in a new tab."""
    if not address:
        return EMPTY
    url = url or (address if "://" in address else f"https://{address}")
    return format_html(
        '<a class="crm-link" href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
        url,
        address,
    )


def _model_field(instance, name):
    if not isinstance(name, str) or instance is None:
        return None
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_phone(field) -> bool:
    return field.name in PHONE_FIELDS or field.name.endswith("_phone")


def _linked(request, instance, field) -> str | None:
    """The value of ``field`` as a link, EMPTY, or None when plain display is right."""
    try:
        value = getattr(instance, field.name)
    except ObjectDoesNotExist:  # a dangling reference: let the default display say so
        return None
    if value is None or value == "":
        return EMPTY
    if (field.many_to_one or field.one_to_one) and field.concrete:
        url = record_link(request, value)
        if url is None:
            return format_html("{}", value)
        return format_html('<a class="crm-link" href="{}">{}</a>', url, value)
    if isinstance(field, models.EmailField):
        return email_link(value)
    if isinstance(field, models.CharField) and _is_phone(field):
        return phone_link(value)
    if isinstance(field, models.URLField) or field.name == "website":
        return website_link(value, getattr(instance, "website_url", None))
    return None


def read_value(request, readonly_field) -> str:
    """The HTML of one read-only field (an Unfold/Django ``AdminReadonlyField``)."""
    instance = readonly_field.form.instance
    field = _model_field(instance, readonly_field.field["field"])
    if field is not None and request is not None:
        shown = _linked(request, instance, field)
        if shown is not None:
            return shown
    contents = readonly_field.contents()
    return EMPTY if str(contents).strip() in EMPTY_CONTENTS else contents
