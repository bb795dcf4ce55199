"""Browser: complete a task from My tasks and undo it from the toast; complete one on Home's
"My tasks" card without a reload (the page stays where it was scrolled). Screenshots of My
tasks and Home at 1440 and 390 px."""

import datetime

from django.utils import timezone

from crm.models import Activity
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    EventFactory,
    TaskFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"


def _status(task) -> str:
    return Activity.objects.get(pk=task.pk).status


def test_complete_a_task_from_my_tasks_and_undo(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="tasks@agency.example", first_name="Tara", last_name="Task")
    today = timezone.localdate()
    account = AccountFactory(owner=seller, name="Brightside Bakery")
    contact = ContactFactory(account=account, first_name="Nia", last_name="Obi")
    late = TaskFactory(
        owner=seller,
        subject="Call the bakery",
        due_date=today - datetime.timedelta(days=2),
        related_account=account,
        contact=contact,
        priority="high",
        status="in_progress",
    )
    TaskFactory(owner=seller, subject="Send the proposal", due_date=today, related_account=account)
    TaskFactory(owner=seller, subject="Book the venue", due_date=None)
    TaskFactory(owner=seller, subject="Filed away", status="completed")
    page = signed_in_page(seller.email, PASSWORD)
    errors = []  # console errors, uncaught exceptions and CSP refusals on this page
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/portal/tasks/?tab=open")
    page.evaluate("window.__samePage = true")
    row = page.locator("[data-task-row]", has_text="Call the bakery")
    assert "crm-overdue" in row.locator(".crm-my-tasks__due span").get_attribute("class")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("my-tasks-1440")

    row.locator(".crm-activity__check").click()
    toast = page.locator(".crm-toast--success", has_text="Task 'Call the bakery' completed.")
    toast.wait_for()
    assert "crm-task-row--done" in row.get_attribute("class")
    assert row.locator("[data-task-status]").inner_text() == "Completed"
    assert _status(late) == "completed"
    screenshot("my-tasks-completed-toast")

    toast.locator("[data-task-undo]").click()
    page.locator(".crm-toast--success", has_text="Task 'Call the bakery' reopened.").wait_for()
    assert "crm-task-row--done" not in row.get_attribute("class")
    assert row.locator("[data-task-status]").inner_text() == "In Progress"
    assert _status(late) == "in_progress"
    # Reopened with the new version: completing again works.
    row.locator(".crm-activity__check").click()
    page.locator(
        ".crm-toast--success", has_text="Task 'Call the bakery' completed."
    ).last.wait_for()
    page.wait_for_function("document.querySelector('[data-task-row] .crm-task-check').hidden")
    assert _status(late) == "completed"
    assert page.evaluate("window.__samePage") is True  # never reloaded
    assert errors == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/tasks/?tab=open")
    screenshot("my-tasks-390")


def test_a_stale_checkbox_says_so_and_changes_nothing(signed_in_page, live_server):
    seller = UserFactory(email="stale@agency.example")
    task = TaskFactory(owner=seller, subject="Renew the contract", due_date=timezone.localdate())
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/tasks/")
    Activity.objects.filter(pk=task.pk).update(
        version=task.version + 1, subject="Renewed elsewhere"
    )
    page.locator("[data-task-row]", has_text="Renew the contract").locator(
        ".crm-activity__check"
    ).click()
    page.locator(".crm-toast--error", has_text="modified by another user").wait_for()
    assert _status(task) == "not_started"


def test_complete_a_task_on_home_without_a_reload(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="home@agency.example", first_name="Hana")
    task = TaskFactory(
        owner=seller,
        subject="Call the bakery",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    TaskFactory(owner=seller, subject="Send the proposal")
    EventFactory(owner=seller, subject="Weekly sync")
    page = signed_in_page(seller.email, PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/")
    screenshot("home-1440")
    item = page.locator("#my-tasks li", has_text="Call the bakery")
    assert "crm-activity--overdue" in item.get_attribute("class")
    page.set_viewport_size({"width": 1440, "height": 500})
    item.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 40); window.__samePage = true")
    before = page.evaluate("window.scrollY")
    assert before > 0
    item.locator(".crm-activity__check").click()
    page.locator(".crm-toast--success", has_text="Task 'Call the bakery' completed.").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert page.evaluate("window.scrollY") == before
    assert "crm-task-row--done" in item.get_attribute("class")
    assert _status(task) == "completed"
    page.screenshot(path=str(screenshot("home-390").parent / "home-task-completed.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#my-tasks").screenshot(
        path=str(screenshot("home-390").parent / "home-390-done.png")
    )
    page.reload()  # a fresh Home: the completed task has left the card
    assert page.locator("#my-tasks li", has_text="Call the bakery").count() == 0
    folder = screenshot("home-390").parent
    page.locator("#my-tasks").screenshot(path=str(folder / "home-390-my-tasks.png"))
