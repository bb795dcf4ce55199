"""A list cell of a model field shows exactly what Unfold's ``display_for_field`` shows; what
that works out per cell (choice labels, money formatting, a date's format, a status pill) is
worked out once per page (crm.admin.kit.list_rows)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money
from unfold.templatetags import unfold_list
from unfold.utils import display_for_field

from crm.admin.kit import list_rows
from crm.models import Account, Campaign, Opportunity, Order

EMPTY = "—"
VALUES = {
    Campaign._meta.get_field("type"): ["email", "webinar", "no-such-type", None, ""],
    Campaign._meta.get_field("actual_cost"): [
        Money(Decimal("1234.5"), "USD"),
        Money(Decimal("-0.5"), "EUR"),
        Money(Decimal("0"), "GBP"),
        None,
    ],
    Order._meta.get_field("order_date"): [datetime.date(2026, 12, 1), None],
    Opportunity._meta.get_field("probability"): [0, 55, None],
    Account._meta.get_field("is_active"): [True, False],
    Account._meta.get_field("created_at"): [timezone.now(), None],
    Account._meta.get_field("name"): ["Nova & <Sons>", ""],
}


@pytest.mark.parametrize("field", VALUES, ids=lambda field: f"{field.model.__name__}.{field.name}")
def test_a_fields_cell_is_unfolds(field):
    show = list_rows.field_display(field, EMPTY)
    for value in VALUES[field] * 2:  # the second time from what the page remembered
        assert show(value) == display_for_field(value, field, EMPTY), value


def test_a_pill_is_drawn_once_per_value_on_a_page(monkeypatch):
    drawn = []
    original = unfold_list.display_for_label

    def drawing(value, empty, label):
        drawn.append(value)
        return original(value, empty, label)

    monkeypatch.setattr(unfold_list, "display_for_label", drawing)
    column = list_rows.Column("status", "", lambda row: row, None, None, EMPTY)
    colours = {"Open": "info", "Won": "success"}
    pills = [column.label(value, colours) for value in ("Open", "Won", "Open", "Open", "Won")]
    assert drawn == ["Open", "Won"]
    assert pills == [
        original(value, EMPTY, colours) for value in ("Open", "Won", "Open", "Open", "Won")
    ]
    assert column.label(["a", "b"], True) == original(["a", "b"], EMPTY, True)  # unhashable
