"""The client's API contract (issue 22): lead conversion's summary, an account's every
opportunity, and signing in for a token behind the sign-in page's lock-out."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from crm.auth import INVALID_LOGIN_MESSAGE
from crm.models import ApiToken, Lead
from crm.tests.factories import AccountFactory, LeadFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-Horse-42"
LOGIN = "/api/v1/auth/login/"


def test_convert_answers_the_created_records(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user, status="qualified")
    url = f"/api/v1/leads/{lead.pk}/convert/"
    body = {"opportunity_name": "Initial project"}
    response = sales_api.post(url, body, format="json", HTTP_IF_MATCH=f'"{lead.version}"')
    assert response.status_code == 200, response.json()
    data = response.json()
    lead = Lead.objects.get(pk=lead.pk)
    assert data["message"] == "Lead converted successfully."
    assert data["id"] == lead.pk and data["status"] == "converted"  # the lead, as before
    records = data["created_records"]
    for key, prefix, pk in (
        ("account", "accounts", lead.converted_account_id),
        ("contact", "contacts", lead.converted_contact_id),
        ("opportunity", "opportunities", lead.converted_opportunity_id),
    ):
        assert records[key]["id"] == pk
        assert records[key]["url"] == f"http://testserver/api/v1/{prefix}/{pk}/"
        assert sales_api.get(records[key]["url"]).json()["id"] == pk
    assert sales_api.get(f"/api/v1/leads/{lead.pk}/").status_code == 200


def test_convert_without_opportunity_names_none(sales_api, sales_user):
    lead = LeadFactory(owner=sales_user, status="qualified")
    response = sales_api.post(
        f"/api/v1/leads/{lead.pk}/convert/",
        {"create_opportunity": False},
        format="json",
        HTTP_IF_MATCH=f'"{lead.version}"',
    )
    assert response.status_code == 200, response.json()
    assert response.json()["created_records"]["opportunity"] is None


def test_account_offers_all_its_opportunities_in_constant_queries(sales_api, sales_user):
    account = AccountFactory(owner=sales_user)
    won = OpportunityFactory(account=account, stage="closed_won")
    OpportunityFactory(account=account)
    url = f"/api/v1/accounts/{account.pk}/"
    default = sales_api.get(url).json()
    assert default["opportunities"] is None
    assert won.pk not in [row["id"] for row in default["open_opportunities"]]
    with CaptureQueriesContext(connection) as few:
        data = sales_api.get(url, {"opportunities": "all"}).json()["opportunities"]
    assert data["count"] == 2 and won.pk in [row["id"] for row in data["results"]]
    assert data["list_url"] == f"http://testserver/api/v1/opportunities/?account={account.pk}"
    for _ in range(3):
        OpportunityFactory(account=account, stage="closed_lost")
    with CaptureQueriesContext(connection) as more:
        data = sales_api.get(url, {"opportunities": "all"}).json()["opportunities"]
    assert data["count"] == 5 and len(data["results"]) == 5
    assert len(more) == len(few)
    bad = sales_api.get(url, {"opportunities": "some"})
    assert bad.status_code == 400 and "opportunities" in bad.json()["errors"]


def api_login(email, password=PASSWORD):
    return APIClient().post(LOGIN, {"email": email, "password": password}, format="json")


def test_login_issues_a_working_token():
    user = UserFactory(email="jane@x.com")
    response = api_login("Jane@X.com")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert {"name", "token_key", "created", "expiry", "token"} <= set(data)
    assert data["user"]["id"] == user.pk and "email" not in data["user"]
    assert ApiToken.objects.filter(user=user).count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {data['token']}")
    assert client.get("/api/v1/accounts/").status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.parametrize("case", ["wrong_password", "unknown_email", "inactive_user"])
def test_login_failures_say_the_same_thing(case):
    user = UserFactory(email="jane@x.com", is_active=case != "inactive_user")
    email = "nobody@x.com" if case == "unknown_email" else user.email
    response = api_login(email, "wrong" if case == "wrong_password" else PASSWORD)
    assert response.status_code == 401
    assert response.json()["detail"] == INVALID_LOGIN_MESSAGE
    assert not ApiToken.objects.exists()


def test_login_refuses_unknown_fields():
    UserFactory(email="jane@x.com")
    response = APIClient().post(
        LOGIN, {"email": "jane@x.com", "password": PASSWORD, "otp": "1"}, format="json"
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["otp"]


def test_lock_out_is_shared_with_the_sign_in_page(client):
    UserFactory(email="jane@x.com")
    for _ in range(3):
        page = client.post("/login/", {"username": "jane@x.com", "password": "nope"})
        assert page.status_code == 200  # the form again, with the one message
    assert api_login("jane@x.com", "nope").status_code == 401
    locked = api_login("jane@x.com", "nope")  # the fifth failure, counted across both doors
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"
    right = api_login("jane@x.com")
    assert right.status_code == 429 and right.json()["detail"] == locked.json()["detail"]
    assert not ApiToken.objects.exists()
    page = client.post("/login/", {"username": "jane@x.com", "password": PASSWORD})
    assert page.status_code == 429  # the page is locked too, with the same message
    assert locked.json()["detail"] in page.content.decode()
    assert "_auth_user_id" not in client.session
