"""Cursor pagination: stable under inserts and as fast on page 200 as on page 1 (no OFFSET
count over 100k rows). ``page_size`` up to 100. ``?ordering=`` always ends with the id, since
the cursor counts its way through equal values (ties) and needs one fixed order among them."""

import math
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
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


MAX_POSITION = 1000  # longer than any value we put in a cursor (a name, a date, an amount)
MAX_DECIMAL_EXPONENT = 30  # amounts are at most 16 digits; 1e400 is not one


class RecordCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        self._queryset = queryset  # decode_cursor checks the position against its field
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """A cursor that is not one we sent is malformed input (400), not a missing page."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound as exc:
            raise self._invalid() from exc
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _invalid(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def _check_position(self, position: str) -> None:
        """The cursor's position becomes a filter on the first ordering field (``id__lt=p``);
        a forged one (``p=%00``, ``p=1e400``, 10 KB of digits) was a 500 in the database or
        in the field's conversion. It must be a value of that field, as the ones we send."""
        if len(position) > MAX_POSITION or "\x00" in position:
            raise self._invalid()
        field = self._ordering_field()
        if field is None:
            return
        try:
            value = field.to_python(position)
            # The field's own bounds: bigint's range, a text's length. A sum of money comes
            # back with the database's scale (1000.0000), so decimals are held to their
            # magnitude instead of the column's decimal places.
            if isinstance(value, Decimal):
                if not value.is_finite() or value.adjusted() > MAX_DECIMAL_EXPONENT:
                    raise self._invalid()
            else:
                field.run_validators(value)
            field.get_prep_value(value)
        except (DjangoValidationError, ValueError, TypeError, ArithmeticError):
            raise self._invalid() from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self._invalid()

    def _ordering_field(self):
        """The model field or annotation the first ordering key sorts by, if it has one."""
        queryset = getattr(self, "_queryset", None)
        if queryset is None or not self.ordering:
            return None
        name = self.ordering[0].lstrip("-")
        annotation = queryset.query.annotations.get(name)
        if annotation is not None:
            return getattr(annotation, "output_field", None)
        if name == "pk":
            return queryset.model._meta.pk
        try:
            return queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
