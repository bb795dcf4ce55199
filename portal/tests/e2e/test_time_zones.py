"""Browser: each user reads the calendar and a record in their own time zone (My settings),
whatever the browser's zone, on both sides of the March 2027 DST changes; a drag across
Berlin's change (Sunday 28 March) stores the instant the user dropped it on; and screenshots
of My settings at 1440 and 390 px."""

import datetime

import pytest

from crm.models import Activity
from crm.tests.factories import EventFactory, UserFactory
from portal.tests.e2e.conftest import TIMEOUT_MS

PASSWORD = "Correct-Horse-42"
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def page(browser):
    # The browser sits in a third zone: what the pages show must come from the user's setting.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, timezone_id="Asia/Tokyo")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def people(transactional_db):
    berliner = UserFactory(
        email="bea@agency.example", first_name="Bea", last_name="Berlin", time_zone="Europe/Berlin"
    )
    new_yorker = UserFactory(
        email="ned@agency.example", first_name="Ned", last_name="York", time_zone="America/New_York"
    )
    before = EventFactory(
        owner=berliner,
        subject="Before the change",
        start_time=utc(2027, 3, 26, 8),
        end_time=utc(2027, 3, 26, 9),
    )
    after = EventFactory(
        owner=berliner,
        subject="After the change",
        start_time=utc(2027, 3, 29, 8),
        end_time=utc(2027, 3, 29, 9),
    )
    return berliner, new_yorker, before, after


def _list_time(page, live_server, day: str, subject: str, owner) -> str:
    page.goto(f"{live_server.url}/portal/calendar/?view=listWeek&date={day}&users={owner.pk}")
    page.locator('input[name="users"]').first.wait_for()
    for box in page.locator('input[name="users"]').all():  # show the Berliner's calendar
        if box.get_attribute("value") == str(owner.pk) and not box.is_checked():
            box.check()
    row = page.locator(".fc-list-event", has_text=subject)
    row.wait_for()
    return row.locator(".fc-list-event-time").inner_text()


def _record_when(page, live_server, event) -> str:
    page.goto(f"{live_server.url}/crm/activity/{event.pk}/change/")
    return page.locator(".crm-highlights").first.inner_text()


def test_the_same_events_at_each_users_local_time_across_dst(
    signed_in_page, live_server, page, people, screenshot
):
    berliner, new_yorker, before, after = people
    signed_in_page(berliner.email, PASSWORD)
    assert _list_time(page, live_server, "2027-03-26", "Before the change", berliner).startswith(
        "9:00"
    )
    assert _list_time(page, live_server, "2027-03-29", "After the change", berliner).startswith(
        "10:00"
    )
    assert "March 29, 2027, 10 a.m." in _record_when(page, live_server, after)

    page.context.clear_cookies()
    signed_in_page(new_yorker.email, PASSWORD)
    assert _list_time(page, live_server, "2027-03-26", "Before the change", berliner).startswith(
        "4:00"
    )
    assert _list_time(page, live_server, "2027-03-29", "After the change", berliner).startswith(
        "4:00"
    )
    assert "March 29, 2027, 4 a.m." in _record_when(page, live_server, after)
    screenshot("time-zones-record-new-york")


def _slot_point(page, day: str, time: str) -> tuple[float, float]:
    lane = page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}"]')
    lane.scroll_into_view_if_needed()
    column = page.locator(f'td.fc-timegrid-col[data-date="{day}"]').bounding_box()
    row = lane.bounding_box()
    return column["x"] + column["width"] / 2, row["y"] + row["height"] / 2


def test_a_drag_across_berlins_change_keeps_the_hour_dropped_on(
    signed_in_page, live_server, page, people, screenshot
):
    berliner, _, before, _ = people
    signed_in_page(berliner.email, PASSWORD)
    page.goto(f"{live_server.url}/portal/calendar/?view=timeGridWeek&date=2027-03-22")
    item = page.locator(".fc-event", has_text="Before the change")
    item.wait_for()
    x, y = _slot_point(page, "2027-03-28", "09:00:00")  # Sunday, after 02:00 became 03:00
    box = item.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 20, box["y"] + 10, steps=5)
    page.mouse.move(x, y, steps=15)
    page.mouse.up()
    page.locator(".crm-toast--success").wait_for()
    screenshot("time-zones-calendar-berlin-week")
    moved = Activity.objects.get(pk=before.pk)
    assert moved.start_time == utc(2027, 3, 28, 7)  # 09:00 CEST, not 09:00 CET
    assert moved.end_time == utc(2027, 3, 28, 8)


def test_my_settings_screenshots(signed_in_page, live_server, page, people, screenshot):
    berliner = people[0]
    signed_in_page(berliner.email, PASSWORD)
    # Reached from the user menu: open it, then its "My settings" entry.
    menu = page.locator("[x-data*='openUserLinks']").filter(has_text="Bea Berlin").first
    menu.locator("> div.cursor-pointer").click()
    with page.expect_navigation():
        menu.get_by_role("link", name="My settings").click()
    assert page.url.endswith("/portal/settings/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("New York")
    page.get_by_role("option", name="America/New York").click()
    screenshot("my-settings-1440")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.locator(".crm-toast--success").wait_for()
    assert "Now in America/New_York" in page.content()
    berliner.refresh_from_db()
    assert berliner.time_zone == "America/New_York"
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator(".select2-selection").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot("my-settings-390")
