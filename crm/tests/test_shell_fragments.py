"""Parts of the shell drawn once and reused (crm_shell.drawn_once): the sidebar's entries
(crm.navigation's, marked active as Unfold marks them, drawn once per set of entries — never
one user's entries on another user's page), the shortcuts and the search dialogs; each exactly
as Unfold's own template draws it."""

import re
from pathlib import Path

import pytest
import unfold
from django.template import Context, Template
from django.test import Client, RequestFactory

from crm.navigation import sidebar
from crm.templatetags import crm_shell

UNFOLD_TEMPLATES = Path(unfold.__file__).parent / "templates"
SIDEBAR = re.compile(r'<div id="nav-sidebar-apps".*?</ol>\s*</div>\s*</div>', re.S)


@pytest.fixture(autouse=True)
def fresh_sidebars():
    crm_shell._fragments.clear()
    yield
    crm_shell._fragments.clear()


def drawn_by_unfold(context: dict, name: str = crm_shell.SIDEBAR_TEMPLATE) -> str:
    return Template((UNFOLD_TEMPLATES / name).read_text()).render(Context(context))


def drawn_by_us(context: dict, tag: str = "sidebar_entries") -> str:
    return Template(f"{{% load crm_shell %}}{{% {tag} %}}").render(Context(context))


def active_titles(entries) -> list[str]:
    return [item["title"] for group in entries for item in group["items"] if item["active"]]


def nav_for(user, path: str) -> list[dict]:
    request = RequestFactory().get(path)
    request.user = user
    return sidebar(request)


@pytest.mark.parametrize(
    "path, active",
    [
        ("/", ["Home"]),
        ("/crm/account/", ["Accounts"]),
        ("/crm/account/7/change/", ["Accounts"]),
        ("/portal/pipeline/", ["Pipeline"]),
        ("/crm/knowledgearticle/", ["Knowledge"]),
    ],
)
def test_the_page_s_own_entry_is_the_active_one(crm_admin, path, active):
    assert active_titles(nav_for(crm_admin, path)) == active


def test_drawn_as_unfold_draws_it_first_time_and_from_memory(crm_admin, sales_user):
    for user, path in [(crm_admin, "/crm/account/"), (sales_user, "/"), (crm_admin, "/")]:
        context = {"sidebar_navigation": nav_for(user, path)}
        expected = drawn_by_unfold(context)
        assert 'href="/crm/lead/"' in expected
        assert drawn_by_us(context) == expected  # drawn
        assert drawn_by_us(context) == expected  # remembered
    assert len(crm_shell._fragments) == 3


def test_an_entry_that_is_not_plain_data_is_drawn_every_time(crm_admin):
    entries = nav_for(crm_admin, "/")
    entries[0]["items"][0]["badge_callback"] = lambda: "3"  # as Unfold sets a badge callback
    assert crm_shell._sidebar_key({"sidebar_navigation": entries}) is None
    drawn_by_us({"sidebar_navigation": entries})
    assert crm_shell._fragments == {}


def test_pages_show_each_user_only_their_own_entries(crm_admin, sales_user):
    admin, seller = Client(), Client()
    admin.force_login(crm_admin)
    seller.force_login(sales_user)
    for _ in range(2):  # the second round comes from memory
        admin_html = SIDEBAR.search(admin.get("/crm/account/").content.decode())[0]
        seller_html = SIDEBAR.search(seller.get("/crm/account/").content.decode())[0]
        assert 'href="/crm/user/"' in admin_html and 'href="/crm/user/"' not in seller_html
        assert 'href="/crm/emailmessage/"' not in seller_html
        for html in (admin_html, seller_html):
            assert re.search(r'href="/crm/account/"[^>]*\bactive\b', html)


@pytest.mark.parametrize(
    "agent, key",
    [
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)", "keyboard_command_key"),
        ("Mozilla/5.0 (X11; Linux x86_64)", "keyboard_control_key"),
    ],
)
def test_the_shortcuts_dialog_names_the_keys_of_the_user_s_computer(sales_user, agent, key):
    request = RequestFactory().get("/", HTTP_USER_AGENT=agent)
    request.user = sales_user
    expected = drawn_by_unfold({"request": request}, crm_shell.SHORTCUTS_TEMPLATE)
    assert key in expected and "Available shortcuts" in expected
    for _ in range(2):  # drawn, then remembered
        assert drawn_by_us({"request": request}, "shortcuts_dialog") == expected


def test_the_search_dialog_is_unfolds(sales_user):
    request = RequestFactory().get("/")
    request.user = sales_user
    context = {"request": request, "command_show_history": True}
    expected = drawn_by_unfold(context, crm_shell.COMMAND_TEMPLATE)
    assert "Type to search" in expected and "command-history" in expected
    for _ in range(2):
        assert drawn_by_us(context, "command_dialog") == expected
    mac = RequestFactory().get("/", HTTP_USER_AGENT="Macintosh")
    mac.user = sales_user
    drawn_by_us({"request": mac}, "shortcuts_dialog")
    assert len(crm_shell._fragments) == 2  # one search dialog, one shortcuts dialog
