"""Export pages answer an unknown format or filter with a message and 400, never a 500 (the
query string used to become list filters: ``?format=99`` raised IncorrectLookupParameters);
the import confirmation refuses forged hidden fields the same way."""

import pytest
from django.urls import reverse

from crm.models import Account
from crm.tests.factories import AccountFactory
from crm.tests.resources.conftest import body, messages_of

pytestmark = pytest.mark.django_db
EXPORTS = [
    "admin:crm_account_export",
    "admin:crm_lead_export",
    "admin:crm_order_export",
    "admin:crm_payment_export",
    "admin:crm_activity_export",
]
BAD_FORMATS = ["99", "abc", "-1", "", "1.0"]


@pytest.fixture
def pages(crm_admin_client):
    crm_admin_client.raise_request_exception = False
    return crm_admin_client


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize("value", BAD_FORMATS)
def test_unknown_format_in_the_query_or_the_form_is_a_400_with_a_message(pages, url, value):
    for response in (
        pages.get(reverse(url), {"format": value}),
        pages.post(reverse(url), {"format": value}),
    ):
        assert response.status_code == 400
        assert messages_of(response) == ["Unknown export format: choose CSV or XLSX."]


@pytest.mark.parametrize("url", EXPORTS)
def test_a_nul_format_is_a_400_too(pages, url):
    # Refused before the view by the app's NUL-character guard, with its own message.
    for response in (
        pages.get(reverse(url), {"format": "\x00"}),
        pages.post(reverse(url), {"format": "\x00"}),
    ):
        assert response.status_code == 400
        assert b"NUL character" in response.content


@pytest.mark.parametrize("url", EXPORTS)
def test_an_unknown_filter_is_a_400_with_a_message(pages, url):
    response = pages.get(reverse(url), {"no_such_field": "1"})
    assert response.status_code == 400
    assert "filter the list does not have" in messages_of(response)[0]


def test_valid_exports_still_work_and_follow_the_filters(pages, crm_admin):
    AccountFactory(name="Denver Co", billing_city="Denver", owner=crm_admin)
    AccountFactory(name="Austin Co", billing_city="Austin", owner=crm_admin)
    url = reverse("admin:crm_account_export")
    assert pages.get(url, {"format": "0"}).status_code == 200  # the form, format preset
    exported = body(pages.post(f"{url}?billing_city=Denver", {"format": "0"})).decode()
    assert "Denver Co" in exported and "Austin Co" not in exported


@pytest.mark.parametrize(
    "fields", [{"format": "abc"}, {"format": "99"}, {"format": "0", "resource": "7"}]
)
def test_a_forged_import_confirmation_is_refused_without_importing(pages, fields):
    data = {"import_file_name": "x.csv", "original_file_name": "x.csv", **fields}
    response = pages.post(reverse("admin:crm_account_process_import"), data, follow=True)
    assert response.status_code == 200
    assert "This import could not be confirmed; upload the file again." in messages_of(response)
    assert not Account.objects.exists()
