"""The sidebar and Home shortcuts: record icons come from the one registry (crm.objects), and
the Home selector returns data only while the screen adds the links."""

from crm.navigation import NAVIGATION, home_context
from crm.objects import OBJECTS, style_of
from crm.selectors.home import home_summary


def sidebar_icons(response) -> dict[str, str]:
    return {
        item["title"]: item["icon"]
        for group in response.context["sidebar_navigation"]
        for item in group["items"]
    }


def test_every_record_list_entry_shows_its_object_icon(crm_admin_client):
    icons = sidebar_icons(crm_admin_client.get("/"))
    shown = 0
    for _, entries in NAVIGATION:
        for entry in entries:
            if entry.title not in icons:
                continue  # the page does not exist yet
            if entry.record_type:
                assert entry.record_type in OBJECTS, entry
                assert icons[entry.title] == style_of(entry.record_type).icon, entry.title
                shown += 1
            else:
                assert entry.symbol, f"{entry.title} lists no record type and names no symbol"
    assert shown >= 5
    assert icons["Accounts"] == OBJECTS["account"].icon
    assert icons["Users"] == OBJECTS["user"].icon
    assert icons["Home"] == "home"


def test_record_type_is_read_from_the_changelist_url_name():
    entries = {entry.title: entry for _, group in NAVIGATION for entry in group}
    assert entries["Opportunities"].record_type == "opportunity"
    assert entries["Knowledge"].record_type == "knowledgearticle"
    assert entries["Calendar"].record_type == "event"
    assert entries["Pipeline"].record_type is None


def test_home_selector_returns_data_without_links(sales_user):
    summary = home_summary(user=sales_user)
    assert summary["me"] == sales_user and summary["role_label"] == "Sales user"
    assert "team" not in summary
    assert not {"quick_links", "password_change_url"} & set(summary)


def test_home_screen_has_no_shortcut_grid_repeating_the_sidebar(rf, crm_admin):
    request = rf.get("/")
    request.user = crm_admin
    context = home_context(request, {})
    assert "quick_links" not in context
    assert context["password_change_url"] == "/password_change/"
    assert context["team"] == {"active": 1, "admins": 1}
