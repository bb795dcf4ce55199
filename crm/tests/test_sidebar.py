"""The sidebar's entries: crm.navigation's, marked active as Unfold marks them, drawn by
Unfold's own template once per set of entries (crm_shell.sidebar_entries) — never one user's
entries on another user's page."""

import re
from pathlib import Path

import pytest
import unfold
from django.template import Context, Template
from django.test import Client, RequestFactory

from crm.navigation import sidebar
from crm.templatetags import crm_shell

UNFOLD_SIDEBAR = Path(unfold.__file__).parent / "templates" / crm_shell.SIDEBAR_TEMPLATE
SIDEBAR = re.compile(r'<div id="nav-sidebar-apps".*?</ol>\s*</div>\s*</div>', re.S)


@pytest.fixture(autouse=True)
def fresh_sidebars():
    crm_shell._sidebars.clear()
    yield
    crm_shell._sidebars.clear()


def drawn_by_unfold(context: dict) -> str:
    return Template(UNFOLD_SIDEBAR.read_text()).render(Context(context))


def drawn_by_us(context: dict) -> str:
    return Template("{% load crm_shell %}{% sidebar_entries %}").render(Context(context))


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
    assert len(crm_shell._sidebars) == 3


def test_an_entry_that_is_not_plain_data_is_drawn_every_time(crm_admin):
    entries = nav_for(crm_admin, "/")
    entries[0]["items"][0]["badge_callback"] = lambda: "3"  # as Unfold sets a badge callback
    assert crm_shell._sidebar_key({"sidebar_navigation": entries}) is None
    drawn_by_us({"sidebar_navigation": entries})
    assert crm_shell._sidebars == {}


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
