"""CSV / XLSX import and export of accounts and contacts (SPEC §7): preview, all-or-nothing,
natural keys, labels, owner by email, round trip."""

import csv
import io

import pytest
import tablib
from django.urls import reverse
from import_export.tmp_storages import TempFolderStorage

from crm.admin.kit.importing import NOTHING_IMPORTED
from crm.models import Account, Contact
from crm.tests.factories import AccountFactory, UserFactory
from crm.tests.resources.conftest import body, confirm, csv_file, messages_of, preview

pytestmark = pytest.mark.django_db
ACCOUNT_HEADER = ["Account Name", "Type", "Industry", "Phone", "Website", "Parent Account"]


def good_accounts(count=20):
    return [
        [f"Client {n:02d}", "Customer", "Technology", f"555-{n:04d}", f"client{n}.example", ""]
        for n in range(count)
    ]


def test_preview_writes_nothing_then_confirm_imports(sales_client, sales_user):
    response = preview(sales_client, "account", csv_file(good_accounts(), ACCOUNT_HEADER))
    assert response.context["result"].totals["new"] == 20
    assert not Account.objects.exists()
    done = confirm(sales_client, "account", response)
    assert "Import finished: 20 new, 0 updated and 0 unchanged accounts." in messages_of(done)
    client = Account.objects.get(name="Client 07")
    assert (client.type, client.industry, client.owner) == ("customer", "technology", sales_user)
    assert client.history.get().history_user == sales_user


def test_one_bad_row_among_twenty_writes_nothing_and_names_the_row(sales_client):
    rows = good_accounts()
    rows[12][1] = "Customr"  # row 13: not a valid type
    response = preview(sales_client, "account", csv_file(rows, ACCOUNT_HEADER))
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [13]
    assert "'Customr' is not a valid account type" in str(result.invalid_rows[0].error)
    assert response.context.get("confirm_form") is None  # no way to confirm
    assert "Nothing will be imported while any row has an error" in response.content.decode()
    assert not Account.objects.exists()


def test_confirm_step_is_all_or_nothing(sales_client):
    """Even a file that reaches the confirm step with a bad row (e.g. the data changed since
    the preview) writes nothing: the whole import is rolled back and the user told why."""
    rows = good_accounts()
    rows[12][5] = "Parent Co"  # row 13: the parent account does not exist
    stored = TempFolderStorage(encoding="utf-8-sig", read_mode="r")
    stored.save(csv_file(rows, ACCOUNT_HEADER).getvalue())
    done = sales_client.post(
        reverse("admin:crm_account_process_import"),
        {"import_file_name": stored.name, "original_file_name": "a.csv", "format": "0"},
        follow=True,
    )
    assert NOTHING_IMPORTED.format(count=1, rows="row 14") in messages_of(done)  # + header
    assert done.redirect_chain[-1][0] == reverse("admin:crm_account_import")
    assert not Account.objects.exists()


def test_reimport_updates_in_place_case_insensitively(sales_client):
    first = preview(sales_client, "account", csv_file(good_accounts(3), ACCOUNT_HEADER))
    confirm(sales_client, "account", first)
    rows = [["CLIENT 01", "partner", "media", "(555) 999-0000", "client1.example", ""]]
    rows += good_accounts(3)[2:]
    response = preview(sales_client, "account", csv_file(rows, ACCOUNT_HEADER))
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 1)
    confirm(sales_client, "account", response)
    assert Account.objects.count() == 3
    updated = Account.objects.get(name__iexact="client 01")
    assert (updated.type, updated.industry, updated.version) == ("partner", "media", 2)


def test_contacts_import_links_accounts_by_name_and_rejects_unknown_ones(sales_client, account):
    header = ["First Name", "Last Name", "Account Name", "Email", "Lead Source"]
    rows = [
        ["Nia", "Obi", "brightside bakery", "nia@brightside.example", "Referral"],
        ["Tom", "Keller", "Nowhere Ltd", "tom@nowhere.example", "web"],
    ]
    response = preview(sales_client, "contact", csv_file(rows, header, "contacts.csv"))
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert invalid[0].error_dict["Account Name"] == ["Account 'Nowhere Ltd' does not exist."]
    assert not Contact.objects.exists()
    rows[1][2] = "Brightside Bakery"
    confirm(sales_client, "contact", preview(sales_client, "contact", csv_file(rows, header)))
    nia = Contact.objects.get(email="nia@brightside.example")
    assert (nia.account, nia.lead_source) == (account, "referral")


def test_contacts_match_on_email_in_any_case(sales_client, contact):
    header = ["First Name", "Last Name", "Account Name", "Email", "Title"]
    rows = [["Nia", "Obi", "Brightside Bakery", "NIA@BRIGHTSIDE.EXAMPLE", "Owner"]]
    confirm(sales_client, "contact", preview(sales_client, "contact", csv_file(rows, header)))
    contact.refresh_from_db()
    assert (Contact.objects.count(), contact.title) == (1, "Owner")


def test_owner_by_email_defaults_to_the_importing_user(sales_client, sales_user):
    header = [*ACCOUNT_HEADER, "Owner Email"]
    rows = [
        ["Mine", "", "", "", "", "", ""],
        ["Also mine", "", "", "", "", "", "SAM@agency.example"],
        ["Nobody's", "", "", "", "", "", "ghost@agency.example"],
    ]
    response = preview(sales_client, "account", csv_file(rows, header))
    invalid = response.context["result"].invalid_rows
    assert invalid[0].error_dict["Owner Email"] == [
        "No active user has the email address 'ghost@agency.example'."
    ]
    confirm(sales_client, "account", preview(sales_client, "account", csv_file(rows[:2], header)))
    assert Account.objects.get(name="Mine").owner == sales_user
    assert Account.objects.get(name="Also mine").owner == sales_user


def test_export_uses_labels_and_round_trips(sales_client, contact):
    parent = AccountFactory(name="Zeta Holdings", type="partner", industry="food_and_beverage")
    contact.account.parent = parent
    contact.account.save()
    exported = sales_client.post(reverse("admin:crm_account_export"), {"format": "0"})
    content = body(exported)
    assert exported.streaming and content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["Account Name"] for row in rows] == ["Zeta Holdings", "Brightside Bakery"]
    assert (rows[0]["Type"], rows[0]["Industry"]) == ("Partner", "Food & Beverage")
    assert rows[1]["Parent Account"] == "Zeta Holdings"
    upload = io.BytesIO(content)
    upload.name = "accounts.csv"
    response = preview(sales_client, "account", upload)
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 2)


def test_xlsx_export_reimports_cleanly(sales_client, contact):
    exported = sales_client.post(reverse("admin:crm_contact_export"), {"format": "1"})
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    dataset = tablib.Dataset().load(exported.content, format="xlsx")
    assert dataset.dict[0]["Account Name"] == "Brightside Bakery"
    upload = io.BytesIO(exported.content)
    upload.name = "contacts.xlsx"
    totals = preview(sales_client, "contact", upload, fmt=1).context["result"].totals
    assert (totals["new"], totals["skip"]) == (0, 1)


def test_headers_may_be_field_names_in_any_case(sales_client):
    rows = [["Snake Case Co", "VENDOR"]]
    response = preview(sales_client, "account", csv_file(rows, ["NAME", "type"]))
    confirm(sales_client, "account", response)
    assert Account.objects.get(name="Snake Case Co").type == "vendor"


def test_import_needs_the_import_permission(client, sales_user):
    outsider = UserFactory()
    outsider.groups.clear()
    client.force_login(outsider)
    assert client.get(reverse("admin:crm_account_import")).status_code == 403
    client.force_login(sales_user)
    assert client.get(reverse("admin:crm_account_import")).status_code == 200
    assert client.get(reverse("admin:crm_contact_import")).status_code == 200


def test_rows_may_name_a_parent_or_manager_created_earlier_in_the_file(sales_client):
    rows = [[f"Client {n:04d}", "", "", "", "", ""] for n in range(1500)]
    rows[1] = ["Holding Co", "", "", "", "", ""]
    rows[2][5] = "holding co"  # same batch as its parent
    rows[1400][5] = "Client 0003"  # the parent went out in an earlier batch
    confirm(
        sales_client, "account", preview(sales_client, "account", csv_file(rows, ACCOUNT_HEADER))
    )
    assert Account.objects.count() == 1500
    assert Account.objects.get(name="Client 0002").parent.name == "Holding Co"
    assert Account.objects.get(name="Client 1400").parent.name == "Client 0003"
    header = ["Last Name", "Account Name", "Email", "Reports To Email"]
    people = [
        ["Boss", "Holding Co", "boss@h.example", ""],
        ["Staff", "Holding Co", "staff@h.example", "BOSS@h.example"],
    ]
    confirm(sales_client, "contact", preview(sales_client, "contact", csv_file(people, header)))
    assert Contact.objects.get(last_name="Staff").reports_to.last_name == "Boss"
    assert Contact.objects.get(last_name="Staff").history.get().history_user is not None
