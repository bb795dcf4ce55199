"""Filters every list shares: owner, active flag and created/updated windows. Resources add
their own (status, account, dates) on a subclass."""

import datetime

import django_filters
from django import forms

OUT_OF_RANGE = "Enter a date/time between years 1 and 9999 with a UTC offset under 16 hours."
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A record id in a filter: a whole number within PostgreSQL's bigint (``owner=-2.6e28``
    was a 500), else a 400 naming the filter."""

    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=1, max_value=MAX_ID)
        super().__init__(*args, **kwargs)


def _is_id_filter(model, item) -> bool:
    """A NumberFilter on a relation (``owner_id``, ``account``, ``solutions``) or a pk."""
    if not isinstance(item, django_filters.NumberFilter) or model is None:
        return False
    name = item.field_name.split("__")[0]
    if name.endswith("_id") or name == "pk":
        return True
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (a filter on an annotation, not a model field)
        return False
    return field.is_relation or field.primary_key


class _UtcMixin:
    """Date-times in filters are turned to UTC before they reach the database: PostgreSQL
    refuses offsets of 16 hours or more (``+23:48`` is valid ISO 8601), which was a 500."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError(OUT_OF_RANGE, code="invalid") from exc


_UTC_FIELDS: dict[type, type] = {}


def _utc_field(field_class: type) -> type:
    if field_class not in _UTC_FIELDS:
        _UTC_FIELDS[field_class] = type(f"Utc{field_class.__name__}", (_UtcMixin, field_class), {})
    return _UTC_FIELDS[field_class]


class TimestampFilterSet(django_filters.FilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every date-time and id filter of every resource (declared or generated).
        model = getattr(self._meta, "model", None)
        for item in self.filters.values():
            if issubclass(item.field_class, forms.DateTimeField):
                item.field_class = _utc_field(item.field_class)
            elif _is_id_filter(model, item):
                item.field_class = IdField


class OwnedFilterSet(TimestampFilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id", help_text="Owner's user id.")


class RecordFilterSet(OwnedFilterSet):
    is_active = django_filters.BooleanFilter()
