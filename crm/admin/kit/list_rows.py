"""The rows of every object list, drawn in one pass (issue 23 item 8: lists at p50 ≤ 40 ms).

Unfold's ``items_for_result`` works out, for every cell of every row, what the column is
(model field, admin method, model attribute), which display flags it carries, its fourteen
Tailwind classes and — for the record's name — the change URL through ``reverse`` and the
preserved filters through a URL parse. A 50-row page asks the same questions 350 times and
gets the same answers. Here a column's answers are worked out once per page (``RowPlan``) and
a row only reads its values; the record's URL comes from ``crm.record_urls``.

The cells look as before: the same ``field-<name>`` and ``nowrap`` classes, Unfold's link
class on the record's name, pills through ``display_for_label``; their box (padding, border,
height) is the one ``crm-cell`` class in crm/lists.css instead of fourteen utility classes per
cell. Rows with a form (``list_editable``) are Unfold's own: no list here edits that way.
"""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.safestring import SafeString
from djmoney.models.fields import MoneyField
from unfold.templatetags import unfold_list
from unfold.utils import (
    display_for_dropdown,
    display_for_field,
    display_for_header,
    display_for_value,
)

from crm.admin.kit.escaping import escaped
from crm.formatting import local_date, local_moment, money_text
from crm.record_urls import admin_url_name, url_around_id

CELL = "crm-cell"
DATE_OR_TIME = (datetime.date, datetime.time)
CHECKBOX_CELL = "action-checkbox crm-cell crm-cell--check"
LINK_CLASS = " ".join(unfold_list.LINK_CLASSES)


@dataclass
class Column:
    name: str
    classes: str  # "field-<name> crm-cell [nowrap] [!text-end]"
    read: Callable  # row -> value, as ``lookup_field`` finds it
    field: models.Field | None  # a model field shown as itself
    attr: object  # the admin method or model attribute, for its display flags
    empty: str  # what an empty cell shows
    link: bool = False  # the record's name: a link to its page
    show: Callable | None = None  # value -> text, for a model field (``field_display``)
    # The first of the admin method's display flags it sets (``label``, ``dropdown``,
    # ``header``, ``boolean``) and its value, looked up once per page, not per cell.
    flag: str | None = None
    flag_value: object = None
    _tags: dict = dataclass_field(default_factory=dict, repr=False)  # (is_date, tag) -> tags
    _labels: dict = dataclass_field(default_factory=dict, repr=False)  # value -> pill

    def label(self, value, label) -> str:
        """A pill (Unfold's template), drawn once per value on the page (a status column
        shows a handful of values fifty times)."""
        try:
            return self._labels[value]
        except KeyError:
            html = self._labels[value] = unfold_list.display_for_label(value, self.empty, label)
        except TypeError:  # an unhashable value: drawn every time
            html = unfold_list.display_for_label(value, self.empty, label)
        return html

    def tags(self, is_date: bool, tag: str = "td") -> tuple[str, str]:
        """The cell's opening and closing tags, escaped once per page."""
        key = (is_date, tag)
        if key not in self._tags:
            classes = f"{self.classes} nowrap" if is_date else self.classes
            self._tags[key] = (f'<{tag} class="{escaped(classes)}">', f"</{tag}>")
        return self._tags[key]


def _reader(name, admin) -> Callable:
    """How ``lookup_field`` reads this column, decided once."""
    if callable(name):
        return name
    if hasattr(admin, name) and name != "__str__":
        return getattr(admin, name)
    return lambda result: lookup_field(name, result, admin)[2]


def _plan_column(cl, index: int, name, sample) -> Column:
    admin = cl.model_admin
    empty = admin.get_empty_value_display()
    classes = [f"field-{_coerce_field_name(name, index)}", CELL]
    field, attr, _value = lookup_field(name, sample, admin)
    if field is None or field.auto_created:
        empty = getattr(attr, "empty_value_display", empty)
        if getattr(attr, "formatting", None) == "price":
            classes.append("!text-end")
        read, field = _reader(name, admin), None
    else:
        if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        read = operator.attrgetter(name)
    column = Column(name, " ".join(classes), read, field, attr, str(empty))
    if field is not None and not isinstance(field.remote_field, models.ManyToOneRel):
        column.show = field_display(field, column.empty)
    for flag in DISPLAY_FLAGS:
        if value := getattr(attr, flag, False):
            column.flag, column.flag_value = flag, value
            break
    return column


DISPLAY_FLAGS = ("label", "dropdown", "header", "boolean")  # in the order Unfold checks them


def field_display(field: models.Field, empty: str) -> Callable:
    """``value -> text`` as Unfold's ``display_for_field`` shows a field, with what that
    works out per cell done once per page: the choices' labels, an amount through the fast
    money formatting, each date formatted once per process (crm.formatting)."""
    if choices := field.flatchoices:
        labels = dict(choices)

        def choice(value):
            try:
                return labels.get(value, empty)
            except TypeError:  # an unhashable value: Unfold's own lookup
                return display_for_field(value, field, empty)

        return choice
    if isinstance(field, MoneyField):
        return lambda value: empty if value is None else money_text(value)
    if type(field) is models.DateField:  # a date, not a date-time (shown in the user's zone)
        return lambda value: empty if value is None else local_date(value)
    return lambda value: display_for_field(value, field, empty)


def _value_html(column: Column, result) -> tuple[str, bool]:
    """The cell's content, and whether it is a date a callable gave (kept on one line)."""
    try:
        value = column.read(result)
    except ObjectDoesNotExist:
        return column.empty, False
    field = column.field
    if field is not None:
        if column.show is None:  # a foreign key: the related record, as text
            return (column.empty if value is None else value), False
        return column.show(value), False
    flag = column.flag
    if flag == "label":
        html = column.label(value, column.flag_value)
    elif flag == "dropdown":
        html = display_for_dropdown(result, column.name, value, column.empty)
    elif flag == "header":
        html = display_for_header(value, column.empty)
    elif flag == "boolean":
        html = display_for_value(value, column.empty, True)
    elif isinstance(value, str):
        html = value  # what display_for_value gives a text (our columns' own HTML included)
    elif type(value) is datetime.date:  # display_for_value's, each day formatted once
        html = local_date(value)
    elif type(value) is datetime.datetime:
        html = local_moment(value)
    else:
        html = display_for_value(value, column.empty)
    return html, isinstance(value, DATE_OR_TIME)


class RowPlan:
    """A page's columns, worked out from its first row."""

    def __init__(self, cl, sample):
        self.cl = cl
        self.columns = [
            _plan_column(cl, index, name, sample)
            for index, name in enumerate(cl.list_display)
            if name != "action_checkbox"
        ]
        self.checkbox = "action_checkbox" in cl.list_display
        self._mark_link_column(cl)
        self.url = record_urls(cl)

    def _mark_link_column(self, cl) -> None:
        """Django's rule: the columns named in ``list_display_links``, the first one when
        it is empty, none when it is None."""
        links = cl.list_display_links
        if links is None:
            return
        linked = [c for c in self.columns if c.name in links] if links else self.columns[:1]
        for column in linked:
            column.link = True

    def cells(self, result):
        """The row's cells. Each column's tags were escaped once (``Column.tags``); a cell
        escapes only its content (what ``format_html`` would do, without re-checking the
        constant parts on every cell; crm.admin.kit.escaping)."""
        admin = self.cl.model_admin
        if self.checkbox:
            checkbox = escaped(admin.action_checkbox(result))
            yield SafeString(f'<td class="{CHECKBOX_CELL}">{checkbox}</td>')
        first = True
        for column in self.columns:
            html, is_date = _value_html(column, result)
            content = escaped(html)
            if column.link and self.url is not None:
                # The first link cell is the row's header (``<th>``), as Django draws it.
                opening, closing = column.tags(is_date, "th" if first else "td")
                first = False
                yield SafeString(
                    f'{opening}<a href="{escaped(self.url(result))}" class="{LINK_CLASS}"'
                    f"{self._popup_attribute(result)}>{content}</a>{closing}"
                )
            else:
                opening, closing = column.tags(is_date)
                yield SafeString(f"{opening}{content}{closing}")

    def _popup_attribute(self, result) -> str:
        if not self.cl.is_popup:
            return ""
        attr = str(self.cl.to_field) if self.cl.to_field else self.cl.lookup_opts.pk.attname
        return format_html(' data-popup-opener="{}"', result.serializable_value(attr))


def record_urls(cl):
    """``result -> its change URL`` with the list's filters preserved, as Django's
    ``url_for_result`` + ``add_preserved_filters`` build it, worked out once per page (the
    filters are the same on every row); None when the admin has no change page."""
    pk_name = cl.lookup_opts.pk.attname
    try:
        before, after = url_around_id(admin_url_name(cl.model, "change"))
    except NoReverseMatch:
        return None
    context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    sample = f"{before}1{after}"
    after += add_preserved_filters(context, sample).removeprefix(sample)
    return lambda result: f"{before}{getattr(result, pk_name)}{after}"


def items_for_result(cl, result, form):
    if form is not None:
        return _unfold_items_for_result(cl, result, form)
    plan = cl.__dict__.get("_crm_row_plan")
    if plan is None:
        plan = cl.__dict__["_crm_row_plan"] = RowPlan(cl, result)
    return plan.cells(result)


# Unfold's own, for rows with a form; crm.admin.kit.list_rendering puts ours in its place.
_unfold_items_for_result = unfold_list.items_for_result
