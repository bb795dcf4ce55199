"""The kit's money columns: currency-aware text, the annotation as the sort key, credit / void /
red styling, and on the lists that use them (orders, contracts, quotes, payments, opportunities,
products): money right-aligned, sortable by its amount, no query per row."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from djmoney.money import Money

from crm.admin.kit.money_columns import MoneyCell, money_column
from crm.tests.factories import (
    ContractFactory,
    LineItemFactory,
    OrderFactory,
    PaymentFactory,
    ProductFactory,
    QuoteFactory,
    QuoteLineItemFactory,
)


def row(**values):
    return SimpleNamespace(**{"currency": "USD", **values})


def test_a_column_is_titled_sorted_by_its_annotation_and_right_aligned():
    column = money_column("Balance due", "balance_due")
    assert column.short_description == "Balance due"
    assert column.admin_order_field == "balance_due"
    assert column.formatting == "price"  # unfold right-aligns the cells and the header
    assert money_column("Paid", "amount_paid", ordering="paid_sum").admin_order_field == (
        "paid_sum"
    )
    computed = money_column("Paid this year", lambda obj: obj.paid)
    assert getattr(computed, "admin_order_field", None) is None  # nothing to sort by in SQL


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (Decimal("1234.5"), "USD", "$1,234.50"),
        (Decimal("1234.5"), "EUR", "€1,234.50"),
        (Decimal("0"), "GBP", "£0.00"),
        (Decimal("-600"), "USD", "-$600.00"),
    ],
)
def test_the_amount_is_shown_in_the_records_currency(amount, currency, text):
    column = money_column("Total", "total")
    assert str(column(None, row(total=amount, currency=currency))) == text


def test_a_money_field_keeps_its_own_currency_and_a_missing_total_is_a_dash():
    cell = MoneyCell("amount")
    assert str(cell(SimpleNamespace(amount=Money("12.00", "EUR")))) == "€12.00"
    assert MoneyCell("total")(row(total=None)) == "—"
    assert MoneyCell("total")(SimpleNamespace(currency="USD")) == "—"  # read without it


def test_a_negative_balance_reads_as_a_credit_only_when_asked():
    balance = MoneyCell("balance_due", credit=True)
    assert balance(row(balance_due=Decimal("-600"))) == (
        '<span class="crm-credit" data-credit>Credit $600.00</span>'
    )
    assert str(balance(row(balance_due=Decimal("0")))) == "$0.00"
    assert str(balance(row(balance_due=Decimal("25")))) == "$25.00"


def test_void_records_are_struck_and_alarming_amounts_red():
    amount = MoneyCell("amount", struck_if=lambda payment: payment.is_void)
    assert amount(row(amount=Decimal("12"), is_void=True)) == '<del class="crm-void">$12.00</del>'
    assert str(amount(row(amount=Decimal("12"), is_void=False))) == "$12.00"
    overdue = MoneyCell("overdue", red_if=bool)
    assert overdue(row(overdue=Decimal("400"))) == '<span class="crm-overdue">$400.00</span>'
    assert str(overdue(row(overdue=Decimal("0")))) == "$0.00"


def test_the_load_hook_reads_the_annotation_once_when_missing():
    reads = []

    def load(obj):
        reads.append(obj)
        return row(total=Decimal("7"))

    assert str(MoneyCell("total", load=load)(row())) == "$7.00"
    assert len(reads) == 1


def _orders():
    return [OrderFactory(lines=3), OrderFactory(lines=1)]  # totals 3 000 and 1 000


def _contracts():
    return [ContractFactory(price="1000.00"), ContractFactory(price="250.00")]


def _quotes():
    big = QuoteFactory()
    QuoteLineItemFactory(quote=big)
    return [big, QuoteFactory()]  # totals 2 000 and 1 000


def _payments():
    return [PaymentFactory(amount="900.00"), PaymentFactory(amount="400.00")]


def _opportunities():
    big = LineItemFactory(quantity=Decimal("3")).opportunity
    return [big, LineItemFactory().opportunity]  # amounts 3 000 and 1 000


def _products():
    return [
        ProductFactory(standard_list_price=Money("900", "USD")),
        ProductFactory(standard_list_price=Money("400", "USD")),
    ]


LISTS = [
    ("order", "total_display", "Total", _orders),
    ("order", "paid_display", "Paid", _orders),
    ("order", "balance_display", "Balance due", _orders),
    ("contract", "cycle_display", "Cycle amount", _contracts),
    ("quote", "total_display", "Total", _quotes),
    ("payment", "amount_display", "Amount", _payments),
    ("opportunity", "amount_display", "Amount", _opportunities),
    ("product", "list_price", "List price", _products),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "title", "make"), LISTS)
def test_every_money_list_is_right_aligned_and_sorts_by_the_amount(
    crm_admin_client, model, field, title, make
):
    large, small = make()
    url = reverse(f"admin:crm_{model}_changelist")
    response = crm_admin_client.get(url)
    html = response.content.decode()
    cells = re.findall(rf'<td class="field-{field}\b[^"]*"', html)
    assert len(cells) == 2 and all("!text-end" in cell for cell in cells)
    header = next(h for h in response.context["result_headers"] if str(h["text"]) == title)
    assert header["formatting"] == "price" and header["sortable"]

    ascending = crm_admin_client.get(url + header["url_primary"])
    pks = [obj.pk for obj in ascending.context["cl"].result_list]
    if field == "paid_display":  # nothing paid on either: sorting must still work
        assert sorted(pks) == sorted([large.pk, small.pk])
    else:
        assert pks == [small.pk, large.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "make"), [("order", _orders), ("quote", _quotes)])
def test_money_columns_cost_no_query_per_row(crm_admin_client, model, make):
    url = reverse(f"admin:crm_{model}_changelist")
    make()
    crm_admin_client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as two_rows:
        crm_admin_client.get(url)
    make()
    with CaptureQueriesContext(connection) as four_rows:
        crm_admin_client.get(url)
    assert len(four_rows) == len(two_rows)
