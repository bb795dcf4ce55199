"""Filters every list shares: owner, active flag and created/updated windows. Resources add
their own (status, account, dates) on a subclass."""

import django_filters


class TimestampFilterSet(django_filters.FilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")


class OwnedFilterSet(TimestampFilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id", help_text="Owner's user id.")


class RecordFilterSet(OwnedFilterSet):
    is_active = django_filters.BooleanFilter()
