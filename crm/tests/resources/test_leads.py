"""Lead and campaign-member import / export (SPEC §7): email natural key, converted leads
frozen, statuses by code or label, all-or-nothing."""

import pytest

from crm.models import CampaignMember, Lead, LeadStatus
from crm.resources import LeadResource
from crm.resources.leads import CONVERTED_LEAD, IMPORT_CONVERTED
from crm.services.leads import convert_lead
from crm.tests.factories import CampaignFactory, ContactFactory, LeadFactory
from crm.tests.resources import conftest
from crm.tests.resources.conftest import messages_of

pytestmark = pytest.mark.django_db
HEADER = ["First Name", "Last Name", "Company", "Email", "Status", "Lead Source", "City"]


def csv_file(rows, header=HEADER, name="leads.csv"):
    return conftest.csv_file(rows, header, name)


def preview(client, upload, model="lead"):
    return conftest.preview(client, model, upload)


def confirm(client, response, model="lead"):
    return conftest.confirm(client, model, response)


def test_import_creates_leads_with_labels_or_codes_and_owner_default(sales_client, sales_user):
    rows = [
        ["Ana", "Ruiz", "Maple Dental", "ana@maple.example", "New", "Web", "Denver"],
        ["Tom", "Keller", "Keller Law", "tom@keller.example", "contacted", "trade_show", ""],
        ["Lena", "Novak", "Novak Outfitters", "", "Qualified", "Partner Referral", ""],
    ]
    response = preview(sales_client, csv_file(rows))
    assert response.context["result"].totals["new"] == 3
    assert not Lead.objects.exists()
    done = confirm(sales_client, response)
    assert "Import finished: 3 new, 0 updated and 0 unchanged leads." in messages_of(done)
    tom = Lead.objects.get(email="tom@keller.example")
    assert (tom.status, tom.lead_source, tom.owner) == ("contacted", "trade_show", sales_user)
    ana = Lead.objects.get(last_name="Ruiz")
    assert (ana.address_city, ana.history.get().history_user) == ("Denver", sales_user)


def test_rows_with_a_known_email_update_the_lead_in_any_case(sales_client, sales_user):
    existing = LeadFactory(email="ana@maple.example", company="Old Name", owner=sales_user)
    rows = [["Ana", "Ruiz", "Maple Dental Group", "ANA@maple.example", "Contacted", "Web", ""]]
    response = preview(sales_client, csv_file(rows))
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"]) == (0, 1)
    confirm(sales_client, response)
    assert Lead.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.company, existing.status) == ("Maple Dental Group", LeadStatus.CONTACTED)


def test_a_row_matching_a_converted_lead_fails_the_whole_file(sales_client, sales_user):
    converted = LeadFactory(email="done@converted.example", owner=sales_user)
    convert_lead(converted, user=sales_user, opportunity_name="Deal")
    rows = [
        ["New", "Person", "Fresh Co", "fresh@fresh.example", "New", "Web", ""],
        ["Done", "Deal", "Renamed Co", "DONE@converted.example", "", "", ""],
    ]
    response = preview(sales_client, csv_file(rows))
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert CONVERTED_LEAD.format(email="DONE@converted.example") in str(invalid[0].error)
    assert response.context.get("confirm_form") is None
    assert Lead.objects.count() == 1
    assert Lead.objects.get().company == converted.company


def test_a_bad_status_fails_the_whole_file(sales_client):
    rows = [
        [f"P{n}", f"Person{n}", f"Co {n}", f"p{n}@x.example", "New", "Web", ""] for n in range(5)
    ]
    rows[3][4] = "Hot"
    response = preview(sales_client, csv_file(rows))
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [4]
    assert "'Hot' is not a valid lead status" in str(invalid[0].error)
    assert not Lead.objects.exists()


def test_converted_status_and_unreachable_moves_are_refused(sales_client, sales_user):
    LeadFactory(email="back@x.example", owner=sales_user)  # a New lead
    Lead.objects.filter(email="back@x.example").update(status=LeadStatus.QUALIFIED)
    rows = [
        ["A", "One", "One Co", "one@x.example", "Converted", "", ""],
        ["B", "Back", "Back Co", "back@x.example", "Contacted", "", ""],
    ]
    result = preview(sales_client, csv_file(rows)).context["result"]
    errors = {row.number: str(row.error) for row in result.invalid_rows}
    assert IMPORT_CONVERTED in errors[1]
    assert "A Qualified lead cannot be set to Contacted" in errors[2]
    assert Lead.objects.count() == 1


def test_export_uses_labels_and_reimports_unchanged(sales_user, lead):
    dataset = LeadResource().export(Lead.objects.all())
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["Status"], row["Lead Source"], row["Campaign"], row["City"]) == (
        "Qualified",
        "Referral",
        "Spring Webinar",
        "Denver",
    )
    assert row["Owner Email"] == sales_user.email
    result = LeadResource().import_data(dataset, dry_run=True, user=sales_user)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1


def test_campaign_members_import_by_campaign_name_and_emails(sales_client, sales_user):
    campaign = CampaignFactory(name="Spring Webinar")
    lead = LeadFactory(email="ana@maple.example", owner=sales_user)
    contact = ContactFactory(email="nia@brightside.example")
    CampaignMember.objects.create(campaign=campaign, lead=lead)
    header = ["Campaign Name", "Lead Email", "Contact Email", "Status"]
    rows = [
        ["spring webinar", "ANA@maple.example", "", "Responded"],
        ["Spring Webinar", "", "nia@brightside.example", "sent"],
    ]
    response = preview(sales_client, csv_file(rows, header, "members.csv"), "campaignmember")
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"]) == (1, 1)
    confirm(sales_client, response, "campaignmember")
    assert CampaignMember.objects.count() == 2
    assert CampaignMember.objects.get(lead=lead).status == "responded"
    assert CampaignMember.objects.get(contact=contact).campaign == campaign


def test_campaign_member_rows_need_exactly_one_known_person(sales_client):
    CampaignFactory(name="Spring Webinar")
    header = ["Campaign Name", "Lead Email", "Contact Email", "Status"]
    rows = [
        ["Spring Webinar", "", "", "Sent"],
        ["Spring Webinar", "nobody@x.example", "", "Sent"],
        ["Autumn Fair", "", "", "Sent"],
    ]
    response = preview(sales_client, csv_file(rows, header, "members.csv"), "campaignmember")
    invalid = {row.number: str(row.error) for row in response.context["result"].invalid_rows}
    assert "exactly one of Lead Email and Contact Email" in invalid[1]
    assert "Lead 'nobody@x.example' does not exist." in invalid[2]
    assert "Campaign 'Autumn Fair' does not exist." in invalid[3]
    assert not CampaignMember.objects.exists()


def test_batched_updates_keep_the_optimistic_lock(sales_user, monkeypatch):
    import tablib

    first = LeadFactory(email="a@x.example", company="A", owner=sales_user)
    LeadFactory(email="b@x.example", company="B", owner=sales_user)

    def saved_elsewhere_meanwhile(self, row, row_result, **kwargs):
        Lead.objects.filter(pk=first.pk).update(version=first.version + 1)

    monkeypatch.setattr(LeadResource, "after_import_row", saved_elsewhere_meanwhile)
    dataset = tablib.Dataset(
        ["Ana", "Ruiz", "A2", "a@x.example"],
        ["Bo", "Berg", "B2", "b@x.example"],
        headers=["First Name", "Last Name", "Company", "Email"],
    )
    result = LeadResource().import_data(dataset, user=sales_user, use_transactions=True)
    assert result.has_errors()
    assert "changed by someone else while it was being imported" in str(result.base_errors[0].error)
    assert sorted(Lead.objects.values_list("company", flat=True)) == ["A", "B"]
