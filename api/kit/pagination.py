"""Cursor pagination: stable under inserts and as fast on page 200 as on page 1 (no OFFSET
count over 100k rows). ``page_size`` up to 100. ``?ordering=`` always ends with the id, since
the cursor counts its way through equal values (ties) and needs one fixed order among them."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination


class StableOrderingFilter(OrderingFilter):
    """``?ordering=amount_paid`` sorts by ``amount_paid, id``: PostgreSQL returns equal values
    in any order, so without the id a page boundary inside a tie repeated one row and lost
    another (the cursor marks its place by value plus an offset within the tie)."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not {key.lstrip("-") for key in ordering} & {"id", "pk"}:
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering


class RecordCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def decode_cursor(self, request):
        """A cursor that is not one we sent is malformed input (400), not a missing page."""
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({self.cursor_query_param: [str(exc.detail)]}) from exc
