"""Search by record number (``Q-000042`` / ``ORD-000012`` / ``CTR-000003``) next to the text
fields, shared by the billing resources."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters

from api.kit.records import StableOrderingFilter

MAX_PK = 2**63


class NumberSearchFilter(filters.SearchFilter):
    """``?search=`` matches the view's ``search_fields`` or, when the text is a record
    number, that record (``parse_number`` on the view)."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get(self.search_param, "").strip()
        number = view.parse_number(text) if text else None
        searched = super().filter_queryset(request, queryset, view)
        if number is None or not 0 < number < MAX_PK:
            return searched
        return searched | queryset.filter(pk=number)


NUMBER_SEARCH_BACKENDS = [DjangoFilterBackend, NumberSearchFilter, StableOrderingFilter]
