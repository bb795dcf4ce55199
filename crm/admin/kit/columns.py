"""List cells every object list shares (UI.md List page): phone and email as ``tel:`` /
``mailto:`` links, short columns that never wrap (cut with an ellipsis, the whole value in
the ``title``), and dates that are late shown in red.

Each ``*_column`` factory returns a ``list_display`` method that is sortable on its field (the
database sorts the page) and reads only the row's own values, so no column costs a query per
row. The styles (``crm-nowrap``, ``crm-truncate``, ``crm-overdue``) live in crm/lists.css."""

import datetime
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from unfold.decorators import display

from crm.admin.kit.escaping import escaped

EMPTY = "—"
# Characters a phone number may carry in a tel: URL (RFC 3966 visual separators dropped).
_DIALABLE = set("+0123456789*#,;")


def _value(obj, field: str):
    for part in field.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def truncated(text) -> str:
    """A value on one line, cut with an ellipsis when the column is narrow; the whole value
    stays readable on hover (``title``) and for screen readers (the text itself is there)."""
    if text in (None, ""):
        return EMPTY
    text = escaped(text)
    return SafeString(f'<span class="crm-truncate" title="{text}">{text}</span>')


def phone_link(number: str | None) -> str:
    """A number that dials on a phone or a softphone; shown as typed."""
    if not number:
        return EMPTY
    dial = "".join(ch for ch in number if ch in _DIALABLE)
    if not dial:  # "ask reception": nothing to dial, keep the words
        return truncated(number)
    number = escaped(number)
    return SafeString(
        f'<a class="crm-link crm-truncate" href="tel:{escaped(dial)}" title="{number}">{number}</a>'
    )


def email_link(address: str | None) -> str:
    if not address:
        return EMPTY
    address = escaped(address)
    return SafeString(
        f'<a class="crm-link crm-truncate" href="mailto:{address}" title="{address}">{address}</a>'
    )


def in_red(text, *, label: str) -> str:
    """A value that needs attention (a past close date on an open deal); ``label`` says why
    for screen readers and on hover, since colour alone tells nothing to some users."""
    label = escaped(label)
    return SafeString(
        f'<span class="crm-overdue" data-overdue title="{label}">{escaped(text)}'
        f'<span class="crm-sr-only"> ({label})</span></span>'
    )


def is_past(day, *, grace_days: int = 0) -> bool:
    """True once ``day`` plus ``grace_days`` is before today (in the user's time zone)."""
    return day is not None and day + datetime.timedelta(days=grace_days) < timezone.localdate()


def phone_column(description: str = "Phone", field: str = "phone"):
    @display(description=description, ordering=field)
    def phone_cell(model_admin, obj):
        return phone_link(_value(obj, field))

    return phone_cell


def email_column(description: str = "Email", field: str = "email"):
    @display(description=description, ordering=field)
    def email_cell(model_admin, obj):
        return email_link(_value(obj, field))

    return email_cell


def short_column(description: str, field: str, *, ordering: str | None = None):
    """Any text column kept on one line (an account name beside a deal, a city)."""

    @display(description=description, ordering=ordering or field)
    def short_cell(model_admin, obj):
        value = _value(obj, field)
        return truncated(None if value is None else str(value))

    return short_cell


def owner_column(description: str = "Owner", field: str = "owner"):
    """The owner's name on one line ("Sam Seller", never "Sam / Seller"), sorted by name.
    The list must ``select_related`` the owner, as every list with an owner column does."""
    return short_column(description, field, ordering=f"{field}__first_name")


@lru_cache(maxsize=4096)
def _date_text(day, _language) -> str:
    """A date as the app shows it, on one line; each day formatted once (a list shows fifty,
    often the same few, and ``date_format`` looks the format up every time)."""
    return format_html('<span class="crm-nowrap">{}</span>', date_format(day))


def day_text(day) -> str:
    """A date as the app shows it, on one line."""
    return _date_text(day, get_language())


def date_range(start, end) -> str:
    """A period ("Dec. 1, 2026 – Dec. 31, 2026") in the app's date format, each date kept on
    one line (a narrow column breaks between the two dates, never inside one)."""
    if start is None or end is None:
        return EMPTY
    return format_html("{} – {}", day_text(start), day_text(end))


def date_column(
    description: str,
    field: str,
    *,
    late_if: Callable[[Any], bool],
    label: str = "overdue",
    grace_days: Callable[[], int] | None = None,
    ordering: str | None = None,
):
    """A date, in red once it has passed (by more than ``grace_days()``, a setting read on each
    call so a change applies at once) while ``late_if(record)`` holds (the deal is still open,
    the task not done, the order not paid)."""

    @display(description=description, ordering=ordering or field)
    def date_cell(model_admin, obj):
        day = _value(obj, field)
        if day is None:
            return EMPTY
        text = day_text(day)
        grace = grace_days() if grace_days is not None else 0
        if is_past(day, grace_days=grace) and late_if(obj):
            return in_red(text, label=label)
        return text

    return date_cell
