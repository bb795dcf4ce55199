"""Contract lines (draft-only, ETag of the row's last change) and assets (admins write,
sales users read) through the API."""

import pytest

from crm.models import Asset, ContractLineItem
from crm.tests.factories import (
    AccountFactory,
    AssetFactory,
    ContractFactory,
    ContractLineItemFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

LINES = "/api/v1/contract-line-items/"
ASSETS = "/api/v1/assets/"
PRICE = {"amount": "150.00", "currency": "USD"}


def test_contract_line_create_patch_remove(sales_api, sales_user):
    contract = ContractFactory(owner=sales_user, status="draft", lines=0)
    product = ProductFactory(is_retainer_product=True)
    created = sales_api.post(
        LINES, {"contract": contract.pk, "product": product.pk, "price_per_cycle": PRICE}
    )
    assert created.status_code == 201, created.json()
    url = f"{LINES}{created.json()['id']}/"
    changed = sales_api.patch(url, {"quantity": "4"}, HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200 and changed.json()["total"]["amount"] == "600.00"
    stale = sales_api.post(f"{url}remove/", HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412
    removed = sales_api.post(f"{url}remove/", HTTP_IF_MATCH=changed["ETag"])
    assert removed.status_code == 204
    assert not ContractLineItem.objects.filter(contract=contract).exists()


def test_lines_of_an_active_contract_are_locked(sales_api, sales_user):
    contract = ContractFactory(owner=sales_user)
    line = contract.line_items.get()
    etag = sales_api.get(f"{LINES}{line.pk}/")["ETag"]
    refused = sales_api.patch(f"{LINES}{line.pk}/", {"quantity": "9"}, HTTP_IF_MATCH=etag)
    assert refused.status_code == 422
    expected = f"{contract.number} is activated: its lines can only change while it is a draft."
    assert refused.json()["detail"] == expected


def test_contract_lines_list_query_count(sales_api, sales_user, django_assert_num_queries):
    contract = ContractFactory(owner=sales_user, status="draft", lines=0)
    ContractLineItemFactory.create_batch(3, contract=contract)
    with django_assert_num_queries(4):
        rows = sales_api.get(LINES, {"contract": contract.pk}).json()["results"]
    assert len(rows) == 3 and rows[0]["product_name"]


def test_admin_creates_and_edits_assets(admin_api, crm_admin):
    account = AccountFactory(owner=crm_admin)
    created = admin_api.post(ASSETS, {"name": "Server", "account": account.pk, "quantity": "1"})
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "purchased" and created.json()["owner"] == crm_admin.pk
    url = f"{ASSETS}{created.json()['id']}/"
    body = {"status": "installed", "install_date": "2026-03-10", "usage_end_date": "2026-03-01"}
    refused = admin_api.patch(url, body, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert refused.json()["errors"]["usage_end_date"] == [
        "Usage cannot end before the asset was installed."
    ]
    body.pop("usage_end_date")
    ok = admin_api.patch(url, body, HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok.json()["status"] == "installed"
    assert admin_api.patch(url, {"name": "X"}, HTTP_IF_MATCH='"1"').status_code == 412


def test_sales_users_read_assets_only(sales_api, sales_user):
    asset = AssetFactory(account__owner=sales_user)
    assert sales_api.get(f"{ASSETS}{asset.pk}/").status_code == 200
    body = {"name": "Mine", "account": asset.account_id}
    assert sales_api.post(ASSETS, body).status_code == 403
    patch = sales_api.patch(f"{ASSETS}{asset.pk}/", {"name": "Y"}, HTTP_IF_MATCH='"1"')
    assert patch.status_code == 403
    assert Asset.objects.get(pk=asset.pk).name == asset.name


def test_assets_list_filters_and_query_count(sales_api, sales_user, django_assert_num_queries):
    account = AccountFactory(owner=sales_user)
    AssetFactory.create_batch(3, account=account)
    shipped = AssetFactory(account=account, status="shipped", serial_number="SN-77")
    AssetFactory()
    with django_assert_num_queries(4):
        rows = sales_api.get(ASSETS, {"account": account.pk}).json()["results"]
    assert len(rows) == 4
    by_status = sales_api.get(ASSETS, {"status": "shipped"}).json()["results"]
    assert [row["id"] for row in by_status] == [shipped.pk]
    assert sales_api.get(ASSETS, {"search": "SN-77"}).json()["results"][0]["id"] == shipped.pk
