"""The kit's conventions on one resource (accounts): ETag/If-Match, 428/412/409/422, error
bodies, no PUT/DELETE, owner rules, history under the token's user."""

import pytest

from crm.models import Account
from crm.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_retrieve_carries_version_and_etag(sales_api, sales_user):
    account = AccountFactory(owner=sales_user, name="Acme")
    response = sales_api.get(f"/api/v1/accounts/{account.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{account.version}"'
    assert response.json()["version"] == account.version
    assert response.json()["name"] == "Acme"


def test_create_sets_owner_and_history_user(sales_api, sales_user):
    response = sales_api.post("/api/v1/accounts/", {"name": "Globex"}, format="json")
    assert response.status_code == 201, response.json()
    account = Account.objects.get(pk=response.json()["id"])
    assert account.owner == sales_user
    assert response["ETag"] == '"1"'
    assert account.history.first().history_user == sales_user


def test_patch_needs_a_version(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    response = sales_api.patch(f"/api/v1/accounts/{account.pk}/", {"name": "X"}, format="json")
    assert response.status_code == 428
    body = response.json()
    assert body["status"] == 428 and body["code"] == "version_required"
    account.refresh_from_db()
    assert account.name != "X"


def test_patch_with_if_match_then_stale(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    etag = sales_api.get(url)["ETag"]
    first = sales_api.patch(url, {"name": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first.json()["name"] == "New"
    assert first["ETag"] == f'"{account.version + 1}"'
    stale = sales_api.patch(url, {"name": "Lost"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert "modified by another user" in stale.json()["detail"]
    body_stale = sales_api.patch(url, {"name": "Lost", "version": 1}, format="json")
    assert body_stale.status_code == 409
    account.refresh_from_db()
    assert account.name == "New"


def test_business_rule_is_422_with_the_admin_message(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    response = sales_api.patch(url, {"parent": account.pk, "version": account.version})
    assert response.status_code == 422
    assert response.json()["errors"]["parent"] == ["An account cannot be its own parent."]


def test_malformed_input_is_400_per_field(sales_api):
    response = sales_api.post("/api/v1/accounts/", {"name": "", "type": "planet"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"name", "type"}


@pytest.mark.parametrize("if_match", ["3", '"abc"', '"1", "2"', "*"])
def test_bad_if_match_is_400(sales_api, sales_user, if_match):
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    response = sales_api.patch(url, {"name": "Y"}, format="json", HTTP_IF_MATCH=if_match)
    assert response.status_code == 400
    assert "If-Match" in response.json()["errors"]


def test_no_put_and_no_delete(admin_api, crm_admin):
    account = AccountFactory(owner=crm_admin)
    url = f"/api/v1/accounts/{account.pk}/"
    assert admin_api.put(url, {"name": "Z"}, format="json").status_code == 405
    assert admin_api.delete(url).status_code == 405
    assert Account.objects.filter(pk=account.pk).exists()


def test_sales_user_cannot_give_a_record_away(sales_api, sales_user, colleague):
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    response = sales_api.patch(url, {"owner": colleague.pk, "version": account.version})
    assert response.status_code == 422
    assert response.json()["detail"] == "Only admins can change a record's owner."
    created = sales_api.post("/api/v1/accounts/", {"name": "N", "owner": colleague.pk})
    assert created.status_code == 422
    assert not Account.objects.filter(name="N").exists()


def test_admin_gives_a_record_away(admin_api, sales_user, colleague):
    account = AccountFactory(owner=sales_user)
    url = f"/api/v1/accounts/{account.pk}/"
    response = admin_api.patch(url, {"owner": colleague.pk}, HTTP_IF_MATCH=f'"{account.version}"')
    assert response.status_code == 200
    assert response.json()["owner"] == colleague.pk


def test_deactivate_and_reactivate(sales_api, admin_api, sales_user, colleague):
    mine = AccountFactory(owner=sales_user)
    theirs = AccountFactory(owner=colleague)
    ok = sales_api.post(f"/api/v1/accounts/{mine.pk}/deactivate/", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok.json()["is_active"] is False
    refused = sales_api.post(f"/api/v1/accounts/{theirs.pk}/deactivate/", {"version": 1})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "You can only deactivate records you own."
    not_admin = sales_api.post(f"/api/v1/accounts/{mine.pk}/reactivate/", HTTP_IF_MATCH='"2"')
    assert not_admin.status_code == 422
    back = admin_api.post(f"/api/v1/accounts/{mine.pk}/reactivate/", HTTP_IF_MATCH='"2"')
    assert back.status_code == 200 and back.json()["is_active"] is True


def test_anonymous_is_401_with_the_error_body(anon_api):
    response = anon_api.get("/api/v1/accounts/")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_unknown_record_is_404(sales_api):
    response = sales_api.get("/api/v1/accounts/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
