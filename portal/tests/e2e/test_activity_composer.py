"""Browser: the activity composer (issue 25) — log a call from an account's Activity tab and
see it under Past activity without a reload; create an event from a calendar slot and edit it
in the modal, staying on the calendar; screenshots at 1440 and 390 px."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from crm.models import Activity
from crm.models.activities import TaskSubtype
from crm.tests.factories import AccountFactory, ContactFactory, UserFactory
from portal.tests.e2e.conftest import TIMEOUT_MS

PASSWORD = "Correct-Horse-42"
WEDNESDAY = datetime.date(2026, 12, 9)
STAY = "window.__composerStay = 'still here'"
STAYED = "window.__composerStay"


@pytest.fixture
def page(browser):
    # The browser shows the server's TIME_ZONE, so a 10:00 slot is 10:00 on the server.
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, timezone_id=settings.TIME_ZONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def test_log_a_call_from_the_account_activity_tab_without_a_reload(
    signed_in_page, live_server, screenshot
):
    seller = UserFactory(email="caller@agency.example", first_name="Cara", last_name="Caller")
    account = AccountFactory(owner=seller, name="Brightside Bakery")
    ContactFactory(account=account, first_name="Nia", last_name="Obi")
    page = signed_in_page(seller.email, PASSWORD)
    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/#activity")
    tab = page.locator("#activity-group")
    tab.locator("text=No past activity.").wait_for()
    page.evaluate(STAY)

    tab.get_by_role("link", name="Log a Call").click()
    composer = tab.locator("[data-crm-composer-panel] .crm-composer__form")
    composer.wait_for()
    assert composer.locator(".crm-picker__search").first.input_value() == "Brightside Bakery"
    composer.locator("input[name=subject]").fill("Talked about the spring order")
    composer.locator("#id_who_search").fill("obi")
    page.locator(".crm-picker__option", has_text="Nia Obi").click()
    composer.locator("textarea[name=description]").fill("Wants samples by Friday.")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("composer-panel-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("composer-panel-390")
    page.set_viewport_size({"width": 1440, "height": 900})
    composer.get_by_role("button", name="Save").click()

    past = page.locator("#activity-group section", has_text="Past activity")
    past.locator(".crm-activity", has_text="Talked about the spring order").wait_for()
    assert page.evaluate(STAYED) == "still here"  # no page load
    page.locator(".crm-toast--success", has_text="was logged").wait_for()
    assert past.locator(".crm-activity--call").count() == 1
    call = Activity.objects.get(subject="Talked about the spring order")
    assert call.task_subtype == TaskSubtype.CALL and call.status == "completed"
    assert call.related_account == account and call.contact.last_name == "Obi"


def _slot_point(page, day: datetime.date, time: str) -> tuple[float, float]:
    page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}"]').scroll_into_view_if_needed()
    column = page.locator(f'td.fc-timegrid-col[data-date="{day.isoformat()}"]').bounding_box()
    row = page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}"]').bounding_box()
    return column["x"] + column["width"] / 2, row["y"] + row["height"] / 2


def test_create_and_edit_an_event_from_the_calendar_in_the_modal(
    signed_in_page, live_server, screenshot
):
    seller = UserFactory(email="planner@agency.example", first_name="Pia", last_name="Planner")
    AccountFactory(owner=seller, name="Harbour Foods")
    page = signed_in_page(seller.email, PASSWORD)
    calendar_url = f"{live_server.url}/portal/calendar/?view=timeGridWeek&date={WEDNESDAY}"
    page.goto(calendar_url)
    page.locator('td.fc-timegrid-col[data-date="2026-12-09"]').wait_for()
    page.evaluate(STAY)

    x, y = _slot_point(page, WEDNESDAY, "10:00:00")
    page.mouse.click(x, y)
    dialog = page.locator("dialog.crm-composer-dialog")
    dialog.locator("input[name=subject]").wait_for()
    assert dialog.locator(".crm-dialog__title").inner_text() == "New Event"
    assert dialog.locator("input[name=start_time]").input_value() == "2026-12-09T10:00"
    dialog.locator("input[name=subject]").fill("Menu tasting")
    dialog.locator("#id_related_to_search").fill("harbour")
    page.locator(".crm-picker__option", has_text="Harbour Foods").click()
    screenshot("composer-modal-calendar-1440")
    dialog.get_by_role("button", name="Save").click()

    page.locator(".fc-event", has_text="Menu tasting").wait_for()
    assert page.locator("dialog.crm-composer-dialog[open]").count() == 0
    assert page.evaluate(STAYED) == "still here" and "/portal/calendar/" in page.url
    event = Activity.objects.get(subject="Menu tasting")
    start = timezone.localtime(event.start_time)
    assert (start.date(), start.hour, event.end_time - event.start_time) == (
        WEDNESDAY,
        10,
        datetime.timedelta(minutes=30),
    )
    assert event.related_account.name == "Harbour Foods"

    page.locator(".fc-event", has_text="Menu tasting").click()
    dialog.locator("input[name=subject]").wait_for()
    assert dialog.locator(".crm-dialog__title").inner_text() == "Edit Event"
    dialog.locator("input[name=subject]").fill("Menu tasting (chef)")
    dialog.locator("input[name=end_time]").fill("2026-12-09T11:30")
    dialog.get_by_role("button", name="Save").click()
    page.locator(".fc-event", has_text="Menu tasting (chef)").wait_for()
    assert page.evaluate(STAYED) == "still here"
    event.refresh_from_db()
    assert event.version == 2 and timezone.localtime(event.end_time).hour == 11

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/calendar/")
    page.locator(".fc-list, .fc-list-empty").first.wait_for()  # a phone opens on the list
    assert page.locator(".fc-listWeek-button.fc-button-active").count() == 1
    page.evaluate(
        "window.crmComposer.open(document.querySelector('.crm-calendar').dataset.composerUrl)"
    )
    page.locator("dialog.crm-composer-dialog input[name=subject]").wait_for()
    screenshot("composer-modal-calendar-390")
