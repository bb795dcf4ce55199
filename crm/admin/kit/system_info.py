"""Lightning's "System information" on every record's Details: **Created by** and **Last
modified by**, the users of the record's first and latest history rows (django-simple-history
keeps who saved each version), each a link to the person's user card.

Both come from one query per page (``authors``, kept on the record for the request), never a
query per field or per history row."""

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from crm.admin.kit.columns import EMPTY

SYSTEM_INFORMATION = "System information"
AUTHOR_FIELDS = ("created_by", "last_modified_by")
NO_USER = "System"  # a version saved outside a request (an import, a scheduled job)


@dataclass(frozen=True)
class Authors:
    created_by: object = None  # the first history row, or None when there is none
    last_modified_by: object = None


def authors(record) -> Authors:
    """The first and latest history rows of ``record`` with their users, in one query."""
    cached = record.__dict__.get("_crm_authors")
    if cached is not None:
        return cached
    history = getattr(record, "history", None)
    found = Authors()
    if history is not None and record.pk is not None:
        ids = history.model._default_manager.filter(**{record._meta.pk.attname: record.pk})
        first = ids.order_by("history_date", "history_id").values("history_id")[:1]
        latest = ids.order_by("-history_date", "-history_id").values("history_id")[:1]
        rows = {
            row.history_id: row
            for row in ids.filter(
                Q(history_id=Subquery(first)) | Q(history_id=Subquery(latest))
            ).select_related("history_user")
        }
        if rows:
            ordered = sorted(rows.values(), key=lambda row: (row.history_date, row.history_id))
            found = Authors(created_by=ordered[0], last_modified_by=ordered[-1])
    record.__dict__["_crm_authors"] = found
    return found


def author_display(row) -> str:
    """ "Ana Ruiz, Dec. 4, 2026, 10:14 a.m." with the name linking to the user card."""
    if row is None:
        return EMPTY
    user = row.history_user
    when = date_format(timezone.localtime(row.history_date), "DATETIME_FORMAT")
    if user is None:
        return format_html("{}, {}", NO_USER, when)
    url = reverse("admin:crm_user_card", args=[user.pk])
    return format_html('<a class="crm-link" href="{}">{}</a>, {}', url, user, when)


class SystemInfoMixin:
    """Adds the two values to an existing record's "System information" section (or the
    section itself when the entity has none). Added to the page's form layout rather than
    through ``get_fieldsets``, which entities override (the add form shows fewer sections).
    A record whose Details share the page with cards (one field a row) sets
    ``authors_side_by_side = False``."""

    authors_side_by_side = True

    @admin.display(description="Created by")
    def created_by(self, obj):
        return author_display(authors(obj).created_by)

    @admin.display(description="Last modified by")
    def last_modified_by(self, obj):
        return author_display(authors(obj).last_modified_by)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if obj is not None and obj.pk and adminform is not None:
            adminform.fieldsets = with_author_row(
                adminform.fieldsets, side_by_side=self.authors_side_by_side
            )
            readonly = list(adminform.readonly_fields)
            adminform.readonly_fields = [
                *readonly,
                *(f for f in AUTHOR_FIELDS if f not in readonly),
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


def with_author_row(fieldsets, *, side_by_side: bool = True) -> list:
    """``fieldsets`` with a "Created by | Last modified by" row first in System information
    (two rows, one under the other, when not ``side_by_side``)."""
    rows = (AUTHOR_FIELDS,) if side_by_side else tuple(AUTHOR_FIELDS)
    fieldsets = [(title, dict(options)) for title, options in fieldsets]
    shown = {
        name
        for _, options in fieldsets
        for row in options.get("fields", ())
        for name in (row if isinstance(row, (list, tuple)) else (row,))
    }
    if shown & set(AUTHOR_FIELDS):
        return fieldsets
    for title, options in fieldsets:
        if title == SYSTEM_INFORMATION:
            options["fields"] = (*rows, *options.get("fields", ()))
            return fieldsets
    return [*fieldsets, (SYSTEM_INFORMATION, {"fields": rows})]
