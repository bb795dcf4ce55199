"""manage.py import_records: any size, same validation, all or nothing, counts and errors."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from crm.models import Account, Lead, Product
from crm.tests.factories import LeadFactory, UserFactory
from crm.tests.resources.conftest import csv_file

pytestmark = pytest.mark.django_db
HEADER = ["First Name", "Last Name", "Company", "Email", "Status", "Owner Email"]


def write_csv(tmp_path, rows, header=HEADER, name="leads.csv"):
    path = tmp_path / name
    path.write_bytes(csv_file(rows, header).getvalue())
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_records", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def leads(count):
    return [[f"F{n}", f"L{n}", f"Co {n}", f"p{n}@x.example", "New", ""] for n in range(count)]


def test_imports_new_rows_in_batches_with_owner_history_and_progress(tmp_path, sales_user):
    path = write_csv(tmp_path, leads(2500))
    out, err = run("lead", path, "--user", "SAM@agency.example")
    assert "Imported: 2500 created, 0 updated, 0 unchanged, 0 with errors." in out
    assert "2500/2500" in err  # the progress bar
    assert Lead.objects.filter(owner=sales_user).count() == 2500
    lead = Lead.objects.get(email="p7@x.example")
    assert lead.history.get().history_user == sales_user
    assert (lead.version, lead.status) == (1, "new")


def test_reimport_updates_through_the_versioned_save_and_skips_unchanged(tmp_path, sales_user):
    existing = LeadFactory(email="p0@x.example", company="Old", owner=sales_user)
    rows = leads(2)
    LeadFactory(
        email="p1@x.example", first_name="F1", last_name="L1", company="Co 1", owner=sales_user
    )
    out, _ = run("lead", write_csv(tmp_path, rows), "--user", sales_user.email)
    assert "0 created, 1 updated, 1 unchanged" in out
    existing.refresh_from_db()
    assert (existing.company, existing.version, existing.history.count()) == ("Co 0", 2, 2)


def test_dry_run_writes_nothing(tmp_path, sales_user):
    out, _ = run("lead", write_csv(tmp_path, leads(3)), "--dry-run", "--user", sales_user.email)
    assert "Dry run: 3 created" in out
    assert not Lead.objects.exists()


def test_any_bad_row_fails_the_whole_file_with_row_numbers_and_labels(tmp_path, sales_user):
    rows = leads(1200)
    rows[4][4] = "Hot"
    rows[1100][3] = "P2@X.example"  # repeats rows[2]; errors name spreadsheet rows (+ header)
    out, lines = run_failing("lead", write_csv(tmp_path, rows), "--user", sales_user.email)
    assert not Lead.objects.exists()
    assert "Nothing was imported: 1197 created, 0 updated, 0 unchanged, 3 with errors." in out
    assert "Row 4: Email: The email 'p2@x.example' appears again in row 1102" in lines
    assert "Row 6: Status: 'Hot' is not a valid lead status" in lines
    assert "Row 1102: Email: Row 1102 repeats the email of row 4" in lines


def test_xlsx_files_and_owner_rules_of_the_importing_user(tmp_path, sales_user):
    UserFactory(email="ana@agency.example")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["A", "One", "One Co", "one@x.example", "New", "sam@agency.example"])
    book.active.append(["B", "Two", "Two Co", "two@x.example", "New", "ana@agency.example"])
    path = tmp_path / "leads.xlsx"
    book.save(path)
    _, err = run_failing("lead", path, "--user", sales_user.email)
    assert "Row 3: Owner Email: Only admins can make another user the owner" in err
    assert not Lead.objects.exists()
    out, _ = run("lead", path)  # no --user: admin rights, owners taken from the file
    assert "Imported: 2 created" in out
    assert Lead.objects.get(email="two@x.example").owner.email == "ana@agency.example"


def test_without_a_user_every_new_row_names_its_owner(tmp_path):
    _, err = run_failing("account", write_csv(tmp_path, [["Acme"]], ["Account Name"]))
    assert "Row 2: Owner Email: Fill in Owner Email" in err
    assert not Account.objects.exists()


def test_refuses_unknown_users_missing_permission_and_unknown_formats(tmp_path, sales_user):
    path = write_csv(tmp_path, [["WEB-1", "Site"]], ["Product Code", "Product Name"])
    with pytest.raises(CommandError, match="No active user has the email address 'x@y.example'"):
        run("product", path, "--user", "x@y.example")
    with pytest.raises(CommandError, match="may not import products"):
        run("product", path, "--user", sales_user.email)
    with pytest.raises(CommandError, match="use a .csv or .xlsx file"):
        run("product", tmp_path / "products.ods")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="Cannot read"):
        run("lead", broken, "--user", sales_user.email)
    assert not Product.objects.exists()
