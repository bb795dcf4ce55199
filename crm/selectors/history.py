"""Field-level history of any record (the History tab): who changed which field from what to
what, newest first, from simple-history's rows in a bounded number of queries."""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from django.db import models

EMPTY = "—"
LONG_TEXT = 120
# Bookkeeping columns every save touches; showing them would drown the real edits.
SKIPPED_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    date: datetime
    user: object
    field: str
    old: str
    new: str
    kind: str = "change"  # "change" | "created" | "note" (a save's reason, e.g. a file removed)


def _tracked_fields(model) -> list[models.Field]:
    """Fields the history keeps (a model's ``excluded_fields``, e.g. passwords, are not)."""
    kept = {f.attname for f in model.history.model._meta.concrete_fields}
    return [
        f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS and f.attname in kept
    ]


def _related_labels(fields, entries) -> dict[tuple[str, object], str]:
    """One query per related model for every FK value that appears in the entries."""
    labels = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {getattr(entry, field.attname) for entry in entries} - {None}
        if ids:
            for pk, obj in field.related_model._base_manager.in_bulk(ids).items():
                labels[(field.name, pk)] = str(obj)
    return labels


def _display(field, value, labels) -> str:
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return labels.get((field.name, value), f"#{value} (removed)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value)
    return text if len(text) <= LONG_TEXT else f"{text[: LONG_TEXT - 1]}…"


def field_changes(record, *, limit: int = 25, offset: int = 0) -> list[FieldChange]:
    """The record's history as one row per changed field: the ``limit`` versions after the
    ``offset`` newest ones (one older version more is read to compare the last one with)."""
    entries = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            offset : offset + limit + 1
        ]
    )
    fields = _tracked_fields(type(record))
    labels = _related_labels(fields, entries)
    changes = []
    for newer, older in pairwise(entries):
        if newer.history_change_reason:
            changes.append(
                FieldChange(
                    date=newer.history_date,
                    user=newer.history_user,
                    field=newer.history_change_reason,
                    old=EMPTY,
                    new=EMPTY,
                    kind="note",
                )
            )
        for field in fields:
            old, new = getattr(older, field.attname), getattr(newer, field.attname)
            if old != new:
                changes.append(
                    FieldChange(
                        date=newer.history_date,
                        user=newer.history_user,
                        field=str(field.verbose_name).capitalize(),
                        old=_display(field, old, labels),
                        new=_display(field, new, labels),
                    )
                )
    if entries and len(entries) <= limit and entries[-1].history_type == "+":
        first = entries[-1]
        changes.append(
            FieldChange(
                date=first.history_date,
                user=first.history_user,
                field=f"{type(record)._meta.verbose_name.capitalize()} created",
                old=EMPTY,
                new=EMPTY,
                kind="created",
            )
        )
    return changes
