"""Products import/export keyed on product code; opportunities export with computed amounts."""

from decimal import Decimal

import pytest
import tablib
from djmoney.money import Money

from crm.models import Product
from crm.resources import OpportunityResource, ProductResource
from crm.tests.factories import LineItemFactory, OpportunityFactory, ProductFactory

pytestmark = pytest.mark.django_db


def run_import(rows, user, headers=None):
    headers = headers or [
        "Product Code",
        "Product Name",
        "Product Family",
        "List Price",
        "Currency",
        "Retainer Product",
    ]
    dataset = tablib.Dataset(*rows, headers=headers)
    return ProductResource().import_data(
        dataset, dry_run=False, user=user, rollback_on_validation_errors=True, use_transactions=True
    )


def test_product_export_has_amount_currency_and_labels(crm_admin):
    ProductFactory(
        product_code="SEO-MO",
        name="SEO retainer",
        family="seo",
        standard_list_price=Money("1200", "USD"),
        is_retainer_product=True,
    )
    data = ProductResource().export()
    row = dict(zip(data.headers, data[0], strict=True))
    assert row["Product Code"] == "SEO-MO" and row["Product Family"] == "SEO"
    assert (row["List Price"], row["Currency"], row["Retainer Product"]) == (
        "1200.00",
        "USD",
        "Yes",
    )


def test_reimport_updates_by_code_in_any_case_and_never_duplicates(crm_admin):
    ProductFactory(product_code="WEB-SMB", name="Old name", standard_list_price=Money("1", "USD"))
    result = run_import(
        [["web-smb", "Website build", "Website", "8,500.00", "USD", "no"]], crm_admin
    )
    assert not result.has_errors() and not result.has_validation_errors()
    product = Product.objects.get()
    assert (product.name, product.standard_list_price) == ("Website build", Money("8500.00", "USD"))


def test_round_trip_export_then_import_changes_nothing(crm_admin):
    ProductFactory.create_batch(3)
    exported = ProductResource().export()
    result = ProductResource().import_data(exported, dry_run=False, user=crm_admin)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Product.objects.count() == 3
    assert result.totals["skip"] == 3


def test_bad_row_writes_nothing(crm_admin):
    rows = [
        ["NEW-1", "Landing page", "Website", "1800", "USD", "No"],
        ["NEW-2", "Broken", "Website", "twelve", "USD", "No"],
    ]
    result = run_import(rows, crm_admin)
    assert result.has_validation_errors() or result.has_errors()
    assert not Product.objects.exists()


def test_unknown_currency_is_refused(crm_admin):
    result = run_import([["NEW-1", "Landing page", "Website", "1800", "XYZ", "No"]], crm_admin)
    assert result.has_validation_errors() or result.has_errors()
    assert not Product.objects.exists()


def test_only_admins_import_products(sales_user, crm_admin_client):
    from django.test import Client

    sales = Client()
    sales.force_login(sales_user)
    assert sales.get("/crm/product/import/").status_code == 403
    assert crm_admin_client.get("/crm/product/import/").status_code == 200


def test_opportunity_export_contains_computed_amount(crm_admin):
    opportunity = OpportunityFactory(name="Shop launch")
    LineItemFactory(opportunity=opportunity, quantity=Decimal(2), sale_price=Money("450", "USD"))
    from crm.models import Opportunity

    data = OpportunityResource().export(queryset=Opportunity.objects.all())
    row = dict(zip(data.headers, data[0], strict=True))
    assert (row["Opportunity Name"], row["Stage"], row["Amount"]) == (
        "Shop launch",
        "Qualifying",
        "900.00",
    )
