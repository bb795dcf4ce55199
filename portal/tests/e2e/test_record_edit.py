"""Record pages like Lightning (issue 24): a Details value edited in place (saved, refused by
validation, stale, cancelled), the full form with Cancel / Save whose header actions wait
and which asks before unsaved changes are lost, "Save successful", and where deactivating
an account or a contact lands."""

from crm.errors import STALE_RECORD_MESSAGE
from crm.models import Account, Contact
from crm.models.accounts import INVALID_WEBSITE
from crm.tests.factories import AccountFactory, ContactFactory, UserFactory

PASSWORD = "Correct-Horse-42"  # the factories' password


def row(page, field):
    return page.locator(f".field-line:has(a.crm-pencil[data-crm-field={field}])")


def open_editor(page, field):
    line = row(page, field)
    line.hover()
    line.locator("a.crm-pencil").click()
    editor = line.locator("[data-crm-field-edit]")
    editor.wait_for()
    return line, editor


def test_details_field_edited_in_place(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", phone="(555) 000-0001", owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/")
    page.evaluate("window.__noReload = 1")  # gone if the page reloads
    pencil = row(page, "phone").locator("a.crm-pencil")
    assert pencil.get_attribute("href").endswith("?edit=1")  # without JavaScript: the form

    # Saved: the new value in place, in the highlights, and the toast.
    line, editor = open_editor(page, "phone")
    editor.locator("input[name=phone]").fill("(555) 987-6543")
    screenshot("record_edit_in_place_1440.png")
    editor.get_by_role("button", name="Save").click()
    page.locator(".crm-toast--success", has_text="Save successful").wait_for()
    line.locator(".readonly", has_text="(555) 987-6543").wait_for()
    assert line.locator("[data-crm-field-edit]").count() == 0
    assert "(555) 987-6543" in page.locator(".crm-highlights__fields").inner_text()
    assert page.evaluate("window.__noReload") == 1
    saved = Account.objects.get(pk=account.pk)
    assert (saved.phone, saved.version) == ("(555) 987-6543", 2)

    # A second field saves with the new version (no stale refusal of our own save).
    line, editor = open_editor(page, "name")
    editor.locator("input[name=name]").fill("Brightside Bakery & Café")
    editor.locator("input[name=name]").press("Enter")
    line.locator(".readonly", has_text="Brightside Bakery & Café").wait_for()
    assert Account.objects.get(pk=account.pk).version == 3

    # Refused by validation: the message under the field, the input stays open.
    line, editor = open_editor(page, "website")
    editor.locator("input[name=website]").fill("not a site")
    editor.get_by_role("button", name="Save").click()
    line.locator(".crm-field-edit__errors", has_text=INVALID_WEBSITE).wait_for()
    assert line.locator("input[name=website]").input_value() == "not a site"
    screenshot("record_edit_in_place_error_1440.png")
    # Cancel (Esc) leaves nothing changed.
    line.locator("input[name=website]").press("Escape")
    assert line.locator("[data-crm-field-edit]").count() == 0
    assert line.locator(".readonly").inner_text().strip() == account.website
    assert Account.objects.get(pk=account.pk).website == account.website

    # Someone else saved meanwhile: the concurrency message and the value they saved.
    Account.objects.filter(pk=account.pk).update(version=9, phone="(555) 111-1111")
    line, editor = open_editor(page, "phone")
    line.locator("input[name=phone]").fill("(555) 222-2222")
    line.get_by_role("button", name="Save").click()
    line.locator(".crm-field-edit__errors", has_text=STALE_RECORD_MESSAGE[:40]).wait_for()
    assert "(555) 111-1111" in line.locator(".crm-field-edit__saved").inner_text()
    line.get_by_role("button", name="Cancel").click()
    assert Account.objects.get(pk=account.pk).phone == "(555) 111-1111"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    open_editor(page, "phone")
    screenshot("record_edit_in_place_390.png")


def test_edit_form_cancel_save_disabled_actions_and_unsaved_changes(
    signed_in_page, live_server, screenshot
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", phone="(555) 000-0001", owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    record = f"{live_server.url}/crm/account/{account.pk}/change/"
    page.goto(record)
    with page.expect_navigation():
        page.locator("[data-record-edit]").click()
    actions = page.locator(".crm-highlights__actions")
    new_contact = actions.locator("[data-crm-action-disabled]", has_text="New Contact")
    assert new_contact.get_attribute("aria-disabled") == "true"
    assert actions.get_by_role("link", name="New Contact").count() == 0
    bar = page.locator("[data-crm-submit-row]")
    assert [b.strip() for b in bar.locator("a, button").all_inner_texts()] == ["Save", "Cancel"]
    screenshot("record_edit_form_1440.png")

    # Unsaved changes: Cancel asks; dismissing stays, nothing saved.
    page.fill("input[name=phone]", "(555) 333-3333")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    bar.get_by_role("link", name="Cancel").click()
    assert questions and "unsaved changes" in questions[0]
    assert "edit=1" in page.url
    # Asked again and accepted: back on the record, nothing changed.
    with page.expect_navigation():
        bar.get_by_role("link", name="Cancel").click()
    assert page.url == record
    assert Account.objects.get(pk=account.pk).phone == "(555) 000-0001"

    # Saving never asks, and says "Save successful".
    page.goto(f"{record}?edit=1")
    page.fill("input[name=phone]", "(555) 444-4444")
    asked = len(questions)
    with page.expect_navigation():
        bar.get_by_role("button", name="Save").click()
    page.locator(".crm-toast--success", has_text="Save successful").wait_for()
    assert len(questions) == asked and page.url == record
    assert Account.objects.get(pk=account.pk).phone == "(555) 444-4444"

    # The add form ends with Cancel, Save & New and Save.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/crm/contact/add/?account={account.pk}")
    texts = page.locator("[data-crm-submit-row]").locator("a, button").all_inner_texts()
    assert [t.strip() for t in texts] == ["Save", "Save & New", "Cancel"]
    screenshot("record_add_form_390.png")

    # Closing the tab with unsaved changes asks too (beforeunload).
    page.goto(f"{record}?edit=1")
    page.click("input[name=phone]")
    page.keyboard.type("9")
    page.remove_listener("dialog", answer)
    kinds = []

    def leave(dialog):
        kinds.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert kinds == ["beforeunload"]


def deactivate(page):
    """More ▾ → Deactivate, then the confirmation's Deactivate (a dialog or its page)."""
    page.locator(".crm-menu__items").get_by_role("link", name="Deactivate").click()
    confirm = page.get_by_role("button", name="Deactivate", exact=True).last
    confirm.wait_for()
    with page.expect_navigation():
        confirm.click()


def test_deactivation_landings(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", owner=sam)
    nia = ContactFactory(account=account, owner=sam, first_name="Nia", last_name="Obi")
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})

    # A contact opened from its account's Contacts card returns there, without it.
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/#related")
    contacts = page.locator("[data-related-list=contacts]")
    with page.expect_navigation():
        contacts.get_by_role("link", name="Nia Obi").click()
    page.locator(".crm-menu summary").click()
    deactivate(page)
    page.get_by_text("Contact 'Nia Obi' was deactivated.").wait_for()
    assert page.url.endswith(f"/crm/account/{account.pk}/change/#related")
    page.locator("[data-related-list=contacts]").wait_for()
    assert page.locator("[data-related-list=contacts]").get_by_text("Nia Obi").count() == 0
    assert not Contact.objects.get(pk=nia.pk).is_active
    screenshot("deactivated_contact_back_on_account_1440.png")

    # An account lands on the Accounts list, gone from its default view.
    page.locator(".crm-highlights .crm-menu summary").click()
    deactivate(page)
    page.get_by_text("Account 'Brightside Bakery' was deactivated.").wait_for()
    assert page.url.rstrip("/").endswith("/crm/account")
    assert page.locator("#result_list").get_by_text("Brightside Bakery").count() == 0
    screenshot("deactivated_account_list_1440.png")
