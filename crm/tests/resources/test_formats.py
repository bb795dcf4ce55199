"""Formula injection: every export escapes cells a spreadsheet would run, and the escape comes
off again on import, so the file still round-trips."""

import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from crm.models import Account
from crm.resources.formats import escape_formula
from crm.tests.factories import AccountFactory
from crm.tests.resources.conftest import body, preview

pytestmark = pytest.mark.django_db
DANGEROUS = {
    '=HYPERLINK("http://evil.example","x")': "Formula Co",
    "+1 555 0100": "Plus Co",
    "-2+3+cmd|' /C calc'!A0": "Minus Co",
    "@SUM(1+1)*cmd|' /C calc'!A0": "At Co",
}


@pytest.fixture
def risky_accounts(sales_user):
    for payload, name in DANGEROUS.items():
        AccountFactory(name=name, owner=sales_user, description=payload, phone="-5.00")


def test_escape_prefixes_formula_cells_and_keeps_numbers():
    assert escape_formula("=1+2") == "'=1+2"
    assert escape_formula("@A1") == "'@A1"
    assert escape_formula("+1 555 0100") == "'+1 555 0100"
    assert escape_formula("-2+3") == "'-2+3"
    assert escape_formula("-5.00") == "-5.00"
    assert escape_formula("Plain") == "Plain"
    assert escape_formula(None) is None


def test_csv_export_escapes_formulas_and_reimports_unchanged(sales_client, risky_accounts):
    exported = body(sales_client.post(reverse("admin:crm_account_export"), {"format": "0"}))
    dataset = tablib.Dataset().load(exported.decode("utf-8-sig"), format="csv")
    descriptions = {row["Account Name"]: row["Description"] for row in dataset.dict}
    for payload, name in DANGEROUS.items():
        assert descriptions[name] == "'" + payload
    assert {row["Phone"] for row in dataset.dict} == {"-5.00"}
    upload = io.BytesIO(exported)
    upload.name = "accounts.csv"
    totals = preview(sales_client, "account", upload).context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 4)


def test_xlsx_export_holds_no_formula_and_reimports_unchanged(sales_client, risky_accounts):
    exported = body(sales_client.post(reverse("admin:crm_account_export"), {"format": "1"}))
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Description")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    assert {cell.value for cell in cells} == {"'" + payload for payload in DANGEROUS}
    upload = io.BytesIO(exported)
    upload.name = "accounts.xlsx"
    totals = preview(sales_client, "account", upload, fmt=1).context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 4)
    assert Account.objects.get(name="Formula Co").description.startswith("=HYPERLINK")


def test_an_escaped_cell_typed_by_hand_imports_without_the_apostrophe(sales_client):
    from crm.tests.resources.conftest import confirm, csv_file

    upload = csv_file([["Quote Co", "'=1+2"]], ["Account Name", "Description"])
    confirm(sales_client, "account", preview(sales_client, "account", upload))
    assert Account.objects.get(name="Quote Co").description == "=1+2"
