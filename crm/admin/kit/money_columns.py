"""Money columns, declared once for every list and card that shows an amount.

``MoneyCell("total", load=with_totals)`` reads an amount (an annotation or field name, or a
function of the record) in the record's currency (``.money(record)`` gives the ``Money``) and
shows it as djmoney prints it everywhere on the site — ``Money.__html__``, through the fast
``crm.formatting.money_text`` (a list page shows up to 150 amounts). ``crm.formatting.format_money``
is not used on purpose: it always prints two decimals, while djmoney follows the currency
(a ``CRM_CURRENCIES`` such as JPY would print differently in the lists than on the forms).

``cell.column("Total")`` turns a cell into a list column: the annotation name is its sort key
(the database sorts the page, no query per row), and it is right-aligned through unfold's
"price" formatting (``!text-end`` on the cell, ``justify-end`` on the header), whatever the
column is called. Optional styling: a negative amount shown as a credit, a record that no
longer counts (a void payment) struck through, an amount that needs attention in red."""

import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.admin.utils import display_for_value
from django.utils.html import format_html
from django.utils.safestring import SafeString
from djmoney.money import Money
from unfold.decorators import display

from crm.formatting import money_text

EMPTY = "—"
CREDIT = "Credit"
# unfold's list formatting that right-aligns both the cells and the header of a column.
RIGHT_ALIGNED = "price"

Source = str | Callable[[Any], Any]


def _read(obj, source: Source):
    # A row read without its annotation shows the empty value rather than failing the page.
    return source(obj) if callable(source) else getattr(obj, source, None)


def money_html(amount: Money) -> SafeString:
    """``Money.__html__`` (escaped, kept on one line), with the fast formatting: Django's
    ``escape`` and ``avoid_wrapping`` without their lazy-text wrappers (a list shows up to
    150 amounts)."""
    return SafeString(html.escape(money_text(amount)).replace(" ", "\xa0"))


def struck(value):
    """A value that no longer counts (a void payment): struck through, still readable."""
    shown = money_html(value) if isinstance(value, Money) else display_for_value(value, EMPTY)
    return format_html('<del class="crm-void">{}</del>', shown)


def as_credit(amount: Money):
    """A negative amount owed, shown as what it is for the client: "Credit $X"."""
    return format_html(
        '<span class="crm-credit" data-credit>{} {}</span>', CREDIT, money_html(-amount)
    )


def in_red(amount: Money):
    return format_html('<span class="crm-overdue">{}</span>', money_html(amount))


@dataclass(frozen=True)
class MoneyCell:
    """One money value of a record, formatted; call it with the record.

    ``amount``: attribute / annotation name (also the column's sort key) or a function of the
    record, giving a number or ``Money``. ``currency``: where a number's currency comes from.
    ``load``: returns the record with its annotations (re-reading it when they are missing).
    ``credit``: a negative amount reads "Credit $X". ``struck_if(record)``: strike it through.
    ``red_if(amount)``: show it in red."""

    amount: Source
    currency: Source = "currency"
    load: Callable[[Any], Any] | None = None
    credit: bool = False
    struck_if: Callable[[Any], bool] | None = None
    red_if: Callable[[Decimal], bool] | None = None

    def money(self, obj) -> Money | None:
        if self.load is not None:
            obj = self.load(obj)
        amount = _read(obj, self.amount)
        if amount is None or isinstance(amount, Money):
            return amount
        return Money(amount, _read(obj, self.currency))

    def __call__(self, obj):
        value = self.money(obj)
        if value is None:
            return EMPTY
        if self.struck_if is not None and self.struck_if(obj):
            return struck(value)
        if self.credit and value.amount < 0:
            return as_credit(value)
        if self.red_if is not None and self.red_if(value.amount):
            return in_red(value)
        return money_html(value)

    def column(self, description: str, *, ordering: str | None = None):
        """A ``list_display`` / read-only method showing this cell, sortable, right-aligned."""
        if ordering is None and isinstance(self.amount, str):
            ordering = self.amount
        cell = self

        @display(description=description, ordering=ordering, formatting=RIGHT_ALIGNED)
        def money_column(model_admin, obj):
            return cell(obj)

        money_column.cell = cell
        return money_column


def money_column(description: str, amount: Source, *, ordering: str | None = None, **options):
    """Shorthand: ``total_display = money_column("Total", "total")`` in a ModelAdmin."""
    return MoneyCell(amount, **options).column(description, ordering=ordering)
