"""Cursor pagination: stable under inserts and as fast on page 200 as on page 1 (no OFFSET
count over 100k rows). ``page_size`` up to 100."""

from rest_framework.pagination import CursorPagination


class RecordCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
