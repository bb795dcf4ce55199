"""Browser: the calendar (click a slot → New Event, drag it to the next day, reload) and
screenshots of the calendar and an account's Activity tab. Completing a task from Home (in
place, no reload) is in test_my_tasks.py."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from crm.models import Activity
from crm.tests.factories import (
    AccountFactory,
    ContactFactory,
    EventFactory,
    TaskFactory,
    UserFactory,
)
from portal.tests.e2e.conftest import TIMEOUT_MS

PASSWORD = "Correct-Horse-42"
WEDNESDAY = datetime.date(2026, 12, 9)


@pytest.fixture
def page(browser):
    # The browser shows the server's TIME_ZONE, so a 10:00 slot is 10:00 on the server.
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, timezone_id=settings.TIME_ZONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _slot_point(page, day: datetime.date, time: str) -> tuple[float, float]:
    page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}"]').scroll_into_view_if_needed()
    column = page.locator(f'td.fc-timegrid-col[data-date="{day.isoformat()}"]').bounding_box()
    row = page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}"]').bounding_box()
    return column["x"] + column["width"] / 2, row["y"] + row["height"] / 2


def _open_week(page, live_server):
    page.goto(f"{live_server.url}/portal/calendar/?date={WEDNESDAY.isoformat()}")
    page.locator(".fc-timeGridWeek-button").click()
    page.locator('td.fc-timegrid-col[data-date="2026-12-09"]').wait_for()


def test_create_an_event_from_a_slot_and_drag_it_to_the_next_day(
    signed_in_page, live_server, screenshot
):
    seller = UserFactory(email="cal@agency.example", first_name="Cleo", last_name="Cal")
    page = signed_in_page(seller.email, PASSWORD)
    _open_week(page, live_server)
    x, y = _slot_point(page, WEDNESDAY, "10:00:00")
    page.mouse.click(x, y)  # the composer opens as a modal over the calendar (issue 25)
    dialog = page.locator("dialog.crm-composer-dialog")
    assert dialog.locator("input[name=start_time]").input_value() == "2026-12-09T10:00"
    dialog.locator("input[name=subject]").fill("Design review")
    dialog.get_by_role("button", name="Save").click()
    page.locator(".fc-event", has_text="Design review").wait_for()
    event = Activity.objects.get(subject="Design review")
    start = timezone.localtime(event.start_time)
    assert (start.date(), start.hour, event.type) == (WEDNESDAY, 10, "event")

    _open_week(page, live_server)
    item = page.locator(".fc-event", has_text="Design review")
    tx, ty = _slot_point(page, WEDNESDAY + datetime.timedelta(days=1), "10:00:00")
    box = item.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 20, box["y"] + 10, steps=5)
    page.mouse.move(tx, ty, steps=15)
    page.mouse.up()
    page.locator(".crm-toast--success").wait_for()
    screenshot("calendar-week")

    page.reload()  # the URL kept the week view and its date
    thursday = page.locator('td.fc-timegrid-col[data-date="2026-12-10"]')
    thursday.locator(".fc-event", has_text="Design review").wait_for()
    event.refresh_from_db()
    assert timezone.localtime(event.start_time).date() == datetime.date(2026, 12, 10)
    assert event.version == 2


def test_month_view_shows_events_and_tasks(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="month@agency.example")
    start = timezone.make_aware(datetime.datetime(2026, 12, 3, 14))
    EventFactory(owner=seller, subject="Kick-off", start_time=start, end_time=start)
    TaskFactory(owner=seller, subject="Send invoice", due_date=datetime.date(2026, 12, 4))
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/calendar/?date=2026-12-01")
    page.locator(".fc-event", has_text="Kick-off").wait_for()
    page.locator(".cal-task", has_text="Send invoice").wait_for()
    screenshot("calendar-month")


def test_account_activity_tab(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="tab@agency.example")
    account = AccountFactory(owner=seller, name="Brightside Bakery")
    contact = ContactFactory(account=account, first_name="Nia", last_name="Obi")
    TaskFactory(owner=seller, subject="Send proposal", related_account=account)
    TaskFactory(
        owner=seller,
        subject="Call Nia",
        contact=contact,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    past = timezone.now() - datetime.timedelta(days=40)
    EventFactory(
        owner=seller, subject="Discovery meeting", contact=contact, start_time=past, end_time=past
    )
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/#activity")
    panel = page.locator("#activity-group")
    panel.locator("text=Discovery meeting").wait_for()
    assert panel.locator(".crm-activity__date--overdue").count() == 1
    screenshot("account-activity-tab")
