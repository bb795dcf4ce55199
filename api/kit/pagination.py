"""Cursor pagination: stable under inserts and as fast on page 200 as on page 1 (no OFFSET
count over 100k rows). ``page_size`` up to 100."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


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
