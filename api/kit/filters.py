"""Filters every list shares: owner, active flag and created/updated windows. Resources add
their own (status, account, dates) on a subclass."""

import datetime

import django_filters
from django import forms

OUT_OF_RANGE = "Enter a date/time between years 1 and 9999 with a UTC offset under 16 hours."


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
        # Every date-time filter of every resource (declared or generated), not only ours.
        for item in self.filters.values():
            if issubclass(item.field_class, forms.DateTimeField):
                item.field_class = _utc_field(item.field_class)


class OwnedFilterSet(TimestampFilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id", help_text="Owner's user id.")


class RecordFilterSet(OwnedFilterSet):
    is_active = django_filters.BooleanFilter()
