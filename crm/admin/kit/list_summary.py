"""The line above every table (issue 23, UI.md List page): "35 items · Sorted by Account name
· Filtered by Status: Active", each filter a removable chip — default filters included, so
a list never hides rows without saying why. Built from what the changelist already holds:
no query of its own."""

from dataclasses import dataclass

from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, label_for_field
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, OrderBy
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import capfirst

# Query parameters that are not filters (the list view's own ``view`` included).
NOT_FILTERS = {ALL_VAR, ERROR_FLAG, IS_FACETS_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR}
NOT_FILTERS |= {IS_POPUP_VAR, TO_FIELD_VAR, "view", "_changelist_filters"}
# Range filters' parameters (Unfold's date and numeric ranges, Django's lookups).
LOWER_BOUNDS = ("_from", "__gte", "__gt")
UPPER_BOUNDS = ("_to", "__lte", "__lt")


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def summary(cl, request, *, sort_label: str = "", on_remove: dict | None = None) -> dict:
    """``on_remove``: parameters every chip's link also sets (e.g. a saved view, once changed,
    becomes the built-in view it was saved from)."""
    count = cl.result_count
    return {
        "count": f"{count:,} item{'' if count == 1 else 's'}",
        "sorted_by": sorted_by(cl, request, default_label=sort_label),
        "chips": chips(cl, on_remove or {}),
    }


# --- filters as chips -------------------------------------------------------------------------
def chips(cl, on_remove: dict) -> list[Chip]:
    def link(params: dict) -> str:
        return cl.get_query_string({**params, **on_remove})

    found = [chip for spec in cl.filter_specs if (chip := _filter_chip(cl, spec, link))]
    found += _lookup_chips(cl, link)
    if cl.query:
        found.append(Chip(f"Search: “{cl.query}”", link({SEARCH_VAR: None})))
    return found


def _filter_chip(cl, spec, link) -> Chip | None:
    if hasattr(spec, "field_path"):
        return _field_chip(cl, spec, link)
    if hasattr(spec, "parameter_name"):
        return _simple_chip(cl, spec, link)
    return None


def _simple_chip(cl, spec, link) -> Chip | None:
    """A SimpleListFilter. One with a default (``default_value``, e.g. Active records) shows
    it as a chip too; removing it asks for its ``cleared_value`` (e.g. all records)."""
    cleared = getattr(spec, "cleared_value", None)
    value = spec.value() or getattr(spec, "default_value", None)
    if value is None or value == cleared:
        return None
    display = {str(key): label for key, label in spec.lookup_choices}.get(str(value), value)
    return Chip(f"{capfirst(str(spec.title))}: {display}", link({spec.parameter_name: cleared}))


def _field_chip(cl, spec, link) -> Chip | None:
    """A FieldListFilter (choices, related, boolean, date or number range)."""
    params = spec.expected_parameters()
    present = [(name, cl.filter_params[name]) for name in params if name in cl.filter_params]
    present = [(name, [v for v in values if v != ""]) for name, values in present]
    present = [(name, values) for name, values in present if values]
    if not present:
        return None
    names = _value_names(spec)
    parts = []
    for name, values in present:
        shown = ", ".join(str(names.get(value, value)) for value in values)
        if name.endswith("__isnull"):
            shown = "empty" if values[-1] in ("True", "true", "1") else "not empty"
        elif name.endswith(LOWER_BOUNDS):
            shown = f"from {shown}"
        elif name.endswith(UPPER_BOUNDS):
            shown = f"to {shown}"
        parts.append(shown)
    return Chip(f"{capfirst(str(spec.title))}: {' '.join(parts)}", link(dict.fromkeys(params)))


def _lookup_chips(cl, link) -> list[Chip]:
    """Plain lookups in the URL that no filter owns (``?type=vendor`` beside the Type
    filter's ``type__exact``, a record's "View all" ``?account=12``): they filter the list
    too, so they show."""
    owned = {name for spec in cl.filter_specs for name in spec.expected_parameters()}
    found = []
    for name, values in cl.filter_params.items():
        if name in owned or name in NOT_FILTERS or not any(values):
            continue
        field = _lookup_field(cl.model, name)
        if field is None:
            continue
        names = _record_names(field, values) if field.is_relation else dict(field.flatchoices)
        names = {str(key): str(label) for key, label in names.items()}
        shown = ", ".join(names.get(value, value) for value in values)
        found.append(Chip(f"{_field_label(field)}: {shown}", link({name: None})))
    return found


def _lookup_field(model, lookup: str):
    """The field a lookup filters on (``account__id__exact`` → the account relation)."""
    parts = lookup.split(LOOKUP_SEP)
    for path in (parts, parts[:-1]):
        try:
            fields = get_fields_from_path(model, LOOKUP_SEP.join(path))
        except (FieldDoesNotExist, NotRelationField):
            continue
        if len(fields) > 1 and getattr(fields[-1], "primary_key", False):
            return fields[-2]
        return fields[-1]
    return None


def _record_names(field, values) -> dict:
    """ "Account: Brightside Bakery" for ``?account=12`` (a record's "View all" link): one
    query per such parameter, whatever the rows."""
    ids = [int(value) for value in values if value.isdigit()][:20]
    if not ids or field.related_model is None:
        return {}
    return {record.pk: record for record in field.related_model._base_manager.filter(pk__in=ids)}


def _field_label(field) -> str:
    """A field's name, or for a reverse relation (``?cases__id__exact=5``) its model's."""
    name = getattr(field, "verbose_name", None)
    if name is None and getattr(field, "related_model", None) is not None:
        name = field.related_model._meta.verbose_name
    return capfirst(str(name or field.name))


def _value_names(spec) -> dict[str, str]:
    """Stored value → the label users know, from what the filter already loaded."""
    choices = getattr(spec, "lookup_choices", None)
    if choices is None:
        field = getattr(spec, "field", None)
        choices = getattr(field, "flatchoices", None) or ()
        if getattr(field, "get_internal_type", lambda: "")() == "BooleanField":
            choices = (("1", "Yes"), ("0", "No"), ("True", "Yes"), ("False", "No"))
    return {str(key): str(label) for key, label in choices}


# --- the sort ---------------------------------------------------------------------------------
def sorted_by(cl, request, *, default_label: str = "") -> str:
    """The first sort key in words: the column the user clicked, else the list's (or the
    view's) own order, described by ``default_label`` when it is not a plain field."""
    if ORDER_VAR in cl.params:
        columns = cl.get_ordering_field_columns()
        for index, direction in columns.items():
            name = cl.list_display[index]
            return _with_direction(_column_label(cl, name), direction == "desc")
        return ""
    if default_label:
        return default_label
    ordering = list(cl.model_admin.get_ordering(request) or ())
    for field in ordering:
        name, descending = _field_name(field)
        if name is None:
            return ""
        return _with_direction(_label_for_ordering(cl, name), descending)
    return ""


def _field_name(field) -> tuple[str | None, bool]:
    if isinstance(field, str):
        return field.lstrip("-"), field.startswith("-")
    if isinstance(field, OrderBy) and isinstance(field.expression, F):
        return field.expression.name, field.descending
    if isinstance(field, F):
        return field.name, False
    return None, False


def _label_for_ordering(cl, name: str) -> str:
    """The column sorted on ``name`` (e.g. "Account name" for ``name``), else the field."""
    for column in cl.list_display:
        if column == "action_checkbox":
            continue
        if cl.get_ordering_field(column) == name:
            return _column_label(cl, column)
    try:
        return capfirst(str(cl.opts.get_field(name.split("__")[0]).verbose_name))
    except FieldDoesNotExist:  # an annotation: say it plainly
        return capfirst(name.replace("__", " ").replace("_", " "))


def _column_label(cl, column) -> str:
    return capfirst(str(label_for_field(column, cl.model, cl.model_admin)))


def _with_direction(label: str, descending: bool) -> str:
    return f"{label} {'↓' if descending else '↑'}" if label else ""
