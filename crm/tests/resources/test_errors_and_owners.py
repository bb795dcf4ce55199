"""Row errors name the columns users see; owners in a file follow the roles (SPEC §5)."""

import pytest

from crm.models import Account
from crm.tests.factories import AccountFactory, UserFactory
from crm.tests.resources.conftest import confirm, csv_file, errors_by_row, preview

pytestmark = pytest.mark.django_db
HEADER = ["Account Name", "Billing City", "Parent Account", "Owner Email"]


def test_errors_are_keyed_by_column_labels_never_internal_names(sales_client):
    rows = [["Long City Co", "x" * 300, "Nowhere Ltd", ""]]
    response = preview(sales_client, "account", csv_file(rows, HEADER))
    errors = errors_by_row(response.context["result"])[1]
    assert set(errors) == {"Billing City", "Parent Account"}
    assert "Ensure this value has at most" in errors["Billing City"][0]
    page = response.content.decode()
    assert "Billing City: Ensure this value" in page
    assert "billing_city" not in page and ">parent<" not in page


@pytest.fixture
def colleague():
    return UserFactory(email="ana@agency.example")


def test_sales_user_may_not_assign_or_take_records(sales_client, sales_user, colleague):
    AccountFactory(name="Ana's Client", owner=colleague)
    AccountFactory(name="My Client", owner=sales_user)
    rows = [
        ["New For Ana", "", "", "ana@agency.example"],  # give a new record away
        ["Ana's Client", "", "", "sam@agency.example"],  # take a colleague's record
        ["My Client", "", "", "ana@agency.example"],  # hand a record over
        ["Ana's Client Too", "", "", ""],
        ["New Mine", "", "", "SAM@agency.example"],
    ]
    response = preview(sales_client, "account", csv_file(rows, HEADER))
    errors = errors_by_row(response.context["result"])
    assert sorted(errors) == [1, 2, 3]
    assert "Only admins can make another user the owner" in errors[1]["Owner Email"][0]
    assert "Only admins can change the owner" in errors[2]["Owner Email"][0]
    assert "Only admins can change the owner" in errors[3]["Owner Email"][0]
    assert Account.objects.get(name="Ana's Client").owner == colleague


def test_naming_the_current_owner_is_no_change(sales_client, colleague):
    AccountFactory(name="Ana's Client", owner=colleague, billing_city="Denver")
    rows = [["Ana's Client", "Boulder", "", "ana@agency.example"]]
    response = preview(sales_client, "account", csv_file(rows, HEADER))
    assert response.context["result"].totals["update"] == 1


def test_admin_may_assign_any_active_user(crm_admin_client, crm_admin, sales_user, colleague):
    AccountFactory(name="Ana's Client", owner=colleague)
    rows = [["Ana's Client", "", "", "sam@agency.example"], ["New", "", "", "ANA@agency.example"]]
    confirm(
        crm_admin_client, "account", preview(crm_admin_client, "account", csv_file(rows, HEADER))
    )
    assert Account.objects.get(name="Ana's Client").owner == sales_user
    assert Account.objects.get(name="New").owner == colleague


@pytest.mark.parametrize("role_client", ["crm_admin_client", "sales_client"])
def test_inactive_users_never_own_records(request, role_client, colleague):
    client = request.getfixturevalue(role_client)
    colleague.is_active = False
    colleague.save()
    rows = [["Gone Co", "", "", "ana@agency.example"]]
    response = preview(client, "account", csv_file(rows, HEADER))
    assert errors_by_row(response.context["result"])[1]["Owner Email"] == [
        "The user 'ana@agency.example' is inactive and cannot own records; choose an active user."
    ]
    assert not Account.objects.exists()
