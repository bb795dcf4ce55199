"""Two rows with the same natural key in one file: both rows are errors, nothing is imported
(one would otherwise silently overwrite the other)."""

import pytest
import tablib
from django.urls import reverse
from import_export.tmp_storages import TempFolderStorage

from crm.models import Account, CampaignMember, Contact, Lead, Product
from crm.resources import OpportunityResource, ProductResource
from crm.tests.factories import CampaignFactory, LeadFactory
from crm.tests.resources.conftest import csv_file, errors_by_row, messages_of, preview

pytestmark = pytest.mark.django_db


def flagged(response) -> dict[int, str]:
    return {
        number: " ".join(" ".join(messages) for messages in errors.values())
        for number, errors in errors_by_row(response.context["result"]).items()
    }


def test_lead_emails_repeated_in_any_case_flag_both_rows(sales_client):
    header = ["Last Name", "Company", "Email"]
    rows = [[f"P{n}", f"Co {n}", f"p{n}@x.example"] for n in range(8)]
    rows[6][2] = "P2@X.example"  # data row 7 repeats data row 3: spreadsheet rows 8 and 4
    response = preview(sales_client, "lead", csv_file(rows, header))
    errors = flagged(response)
    assert sorted(errors) == [3, 7]
    assert "Row 8 repeats the email of row 4 ('p2@x.example')" in errors[7]
    assert "appears again in row 8" in errors[3]
    assert errors_by_row(response.context["result"])[7].keys() == {"Email"}
    assert response.context.get("confirm_form") is None
    assert "Row 8 repeats the email of row 4" in response.content.decode()
    assert not Lead.objects.exists()


def test_confirm_of_a_file_with_repeated_keys_imports_nothing(sales_client):
    rows = [["Twin Co", "Customer"], ["Other Co", ""], ["twin  co", "Partner"]]
    stored = TempFolderStorage(encoding="utf-8-sig", read_mode="r")
    stored.save(csv_file(rows, ["Account Name", "Type"]).getvalue())
    done = sales_client.post(
        reverse("admin:crm_account_process_import"),
        {"import_file_name": stored.name, "original_file_name": "a.csv", "format": "0"},
        follow=True,
    )
    assert "Nothing was imported: 2 row(s) have errors (row 2, row 4)." in messages_of(done)[0]
    assert not Account.objects.exists()


def test_contact_emails_and_account_names_are_keys(sales_client, account):
    header = ["Last Name", "Account Name", "Email"]
    rows = [
        ["Obi", "Brightside Bakery", "nia@b.example"],
        ["Obi", "Brightside Bakery", " NIA@b.example "],
        ["Lee", "Brightside Bakery", ""],
        ["Lee", "brightside bakery", ""],  # no email: the name within the account
        ["Lee", "Other Co", ""],
    ]
    errors = flagged(preview(sales_client, "contact", csv_file(rows, header)))
    assert sorted(errors) == [1, 2, 3, 4, 5]
    assert "Account 'Other Co' does not exist." in errors[5]
    assert "Row 3 repeats the email of row 2 ('nia@b.example')" in errors[2]
    assert "Row 5 repeats the name and account of row 4 ('Lee / Brightside Bakery')" in errors[4]
    assert not Contact.objects.exists()


def test_campaign_members_key_is_campaign_and_person(sales_client, sales_user):
    CampaignFactory(name="Spring Webinar")
    LeadFactory(email="ana@maple.example", owner=sales_user)
    header = ["Campaign Name", "Lead Email", "Contact Email", "Status"]
    rows = [
        ["Spring Webinar", "ana@maple.example", "", "Sent"],
        ["SPRING WEBINAR", "Ana@Maple.example", "", "Responded"],
    ]
    response = preview(sales_client, "campaignmember", csv_file(rows, header))
    errors = flagged(response)
    assert "Row 3 repeats the campaign and person of row 2" in errors[2]
    assert not CampaignMember.objects.exists()


def test_product_codes_and_opportunity_name_with_account_are_keys(crm_admin):
    header = ["Product Code", "Product Name", "Product Family", "List Price", "Currency"]
    products = tablib.Dataset(
        ["WEB-1", "Site", "Website", "10", "USD"],
        ["web-1", "Site again", "Website", "10", "USD"],
        headers=header,
    )
    result = ProductResource().import_data(products, dry_run=True, user=crm_admin)
    assert [row.number for row in result.invalid_rows] == [1, 2]
    assert not Product.objects.exists()
    resource = OpportunityResource()
    opportunities = tablib.Dataset(
        ["Shop", "Acme"],
        ["shop", "ACME"],
        ["Shop", "Other"],
        headers=["Opportunity Name", "Account Name"],
    )
    assert resource.find_repeated_keys(opportunities).keys() == {1, 2}


def test_a_repeated_row_shows_its_other_errors_too(sales_client):
    header = ["Last Name", "Company", "Email", "Status"]
    rows = [["A", "A Co", "a@x.example", "New"], ["B", "B Co", "A@X.example", "Hot"]]
    errors = errors_by_row(preview(sales_client, "lead", csv_file(rows, header)).context["result"])
    assert errors[2]["Email"] == [
        "Row 3 repeats the email of row 2 ('a@x.example'); keep one row per lead."
    ]
    assert "'Hot' is not a valid lead status" in errors[2]["Status"][0]
