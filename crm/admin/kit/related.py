"""Related-list cards of Salesforce record pages (the tabs: crm.admin.kit.record_tabs).

A record admin declares its related lists as data; each later entity adds its own card with a
few lines, e.g. on AccountAdmin::

    related_lists = (
        *AccountAdmin.related_lists,
        RelatedList(
            key="opportunities", title="Opportunities", icon="trending_up", color="#FF9A3C",
            rows=account_opportunities,            # selector: account -> queryset
            parent_field="account",                # "New" pre-fills it, "View all" filters by it
            columns=(Column("Name", "name", link=True), Column("Stage", "get_stage_display")),
        ),
    )

Every card costs two queries (a COUNT and the first rows, joined by its selector), so the page
issues a constant number of queries however many related records exist."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.admin.utils import display_for_value
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse

from crm.record_urls import record_url

EMPTY = "—"


@dataclass(frozen=True)
class Column:
    label: str
    # An attribute path ("account.name", "get_type_display") or a function of the row.
    value: str | Callable[[Any], Any]
    # True links the cell to the row's record page; a function returns another URL.
    link: bool | Callable[[Any], str] = False
    # True when the cell's record is deactivated (e.g. a case's contact): an "Inactive" pill.
    inactive: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class RelatedList:
    key: str
    title: str
    icon: str
    color: str
    rows: Callable[[Model], QuerySet]
    columns: tuple[Column, ...]
    # The child's FK to the parent: "New" opens the add form with it pre-filled, "View all"
    # opens the child list filtered by it.
    parent_field: str | None = None
    limit: int = 5
    allow_new: bool = True
    new_label: str | None = None
    # Overrides for children that do not point at the parent with a plain FK (attachments).
    view_all_params: Callable[[Model], dict] | None = None
    # Extra template inside the card (e.g. the upload form) and its context.
    extra_template: str | None = None
    extra_context: Callable[[Any, Model], dict] | None = None
    # Per-row links after the columns, e.g. "Remove": f(request, parent, row) -> [(label, url)].
    row_actions: Callable[[Any, Model, Any], list[tuple[str, str]]] | None = None
    # Greys a row out (default: the row's own ``is_active``), e.g. a line of an inactive product.
    is_inactive: Callable[[Any], bool] | None = None
    # A button of the card's own, f(request, parent) -> {label, url, icon, attrs} or None, e.g.
    # the parent's Log Payment (crm.admin.kit.card_actions).
    card_action: Callable[[Any, Model], dict | None] | None = None


def _resolve(row, value):
    if callable(value):
        return value(row)
    for part in value.split("."):
        row = getattr(row, part, None)
        if row is None:
            return None
    return row() if callable(row) else row


def admin_url(model, view: str, *args) -> str | None:
    meta = model._meta
    try:
        if len(args) == 1:  # a record's page: once per row of a card
            return record_url(model, args[0], view)
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _cell(row, column: Column) -> dict:
    value = _resolve(row, column.value)
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    else:
        text = EMPTY if value in (None, "") else display_for_value(value, EMPTY)
    if column.link is True:
        url = admin_url(type(row), "change", row.pk)
    elif callable(column.link):
        url = column.link(row)
    else:
        url = None
    return {"text": text, "url": url, "inactive": bool(column.inactive and column.inactive(row))}


def build_card(related: RelatedList, request, parent) -> dict | None:
    """The card's context, or None when the user may not see that kind of record."""
    queryset = related.rows(parent)
    meta = queryset.model._meta
    user = request.user
    if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return None
    count = queryset.count()
    rows = list(queryset[: related.limit]) if count else []
    new_url = None
    # Inactive or closed parents take no new children (SPEC §4, §6).
    closed = getattr(parent, "closed_to_new_rows", False)
    parent_active = getattr(parent, "is_active", True) and not closed
    if (
        related.allow_new
        and related.parent_field
        and parent_active
        and user.has_perm(f"{meta.app_label}.add_{meta.model_name}")
    ):
        add_url = admin_url(queryset.model, "add")
        new_url = add_url and f"{add_url}?{urlencode({related.parent_field: parent.pk})}"
    return {
        "key": related.key,
        "title": related.title,
        "icon": related.icon,
        "color": related.color,
        "count": count,
        "headers": [column.label for column in related.columns],
        "rows": [
            {
                "cells": [_cell(row, column) for column in related.columns],
                "inactive": related.is_inactive(row)
                if related.is_inactive
                else getattr(row, "is_active", True) is False,
                "actions": related.row_actions(request, parent, row) if related.row_actions else [],
            }
            for row in rows
        ],
        "has_actions": related.row_actions is not None,
        "new_url": new_url,
        "new_label": related.new_label or f"New {meta.verbose_name.title()}",
        "card_action": related.card_action(request, parent) if related.card_action else None,
        "view_all_url": _view_all_url(related, queryset.model, parent) if count else None,
        "extra_template": related.extra_template,
        "extra": related.extra_context(request, parent) if related.extra_context else {},
    }


def _view_all_url(related: RelatedList, model, parent) -> str | None:
    url = admin_url(model, "changelist")
    if url is None:
        return None
    if related.view_all_params:
        params = related.view_all_params(parent)
    elif related.parent_field:
        params = {related.parent_field: parent.pk}
    else:
        return None
    if any(field.name == "is_active" for field in model._meta.fields):
        params = {**params, "active": "all"}  # the full list includes deactivated children
    return f"{url}?{urlencode(params)}"
