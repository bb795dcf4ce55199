"""Django's messages render as the one toast style on every kind of page (issue 23, UI.md
"Toasts"): admin lists and record pages, portal pages and the sign-in page put each message
in the toast stack, success and info as ``role="status"``, errors and warnings as
``role="alert"``, each with its ✕, and every page loads the script and stylesheet that float
and dismiss them. (The dismissing itself is a browser test: portal/tests/e2e/test_shell.py.)"""

from html.parser import HTMLParser

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape

from crm.tests import factories

pytestmark = pytest.mark.django_db

SAVED = "Account 'Acme' was saved."
REFUSED = "The record was modified by another user."
CAREFUL = "Two contacts share this email address."
NOTE = "Imports over 5,000 rows run in the background."


class Toasts(HTMLParser):
    """Each ``.crm-toast`` inside the ``[data-crm-toasts]`` stack: tone, role, text, ✕."""

    def __init__(self):
        super().__init__()
        self.toasts: list[dict] = []
        self.assets: list[str] = []
        self._stack_depth = 0  # open elements inside the stack, 0 = outside
        self._toast = None
        self._in_close = False
        self._in_icon = False  # the icon ligature is aria-hidden: not part of what is read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in ("script", "link"):
            self.assets.append(attributes.get("src") or attributes.get("href") or "")
        if self._stack_depth:
            self._stack_depth += 1
        elif "data-crm-toasts" in attributes:
            self._stack_depth = 1
            return
        if self._stack_depth and "crm-toast" in classes:
            self._toast = {"classes": classes, "role": attributes.get("role"), "text": ""}
            self._toast["close"] = False
            self.toasts.append(self._toast)
        elif self._toast is not None and attributes.get("aria-hidden") == "true":
            self._in_icon = True
        elif self._toast is not None and "data-crm-toast-close" in attributes:
            self._toast["close"] = tag == "button"
            self._in_close = True

    def handle_endtag(self, tag):
        if self._stack_depth:
            self._stack_depth -= 1
            if not self._stack_depth:
                self._toast = None  # the stack ended
        if tag == "button":
            self._in_close = False
        self._in_icon = False

    def handle_data(self, data):
        if self._toast is not None and self._stack_depth and not (self._in_close or self._in_icon):
            self._toast["text"] += data


def send_messages(client, *pairs):
    """Put messages in the browser's messages cookie, as a redirect after an action would."""
    storage = CookieStorage(HttpRequest())
    encoded = storage._encode([Message(level, text) for level, text in pairs])
    client.cookies[storage.cookie_name] = encoded


def toasts_on(client, url):
    send_messages(
        client,
        (messages.SUCCESS, SAVED),
        (messages.ERROR, REFUSED),
        (messages.WARNING, CAREFUL),
        (messages.INFO, NOTE),
    )
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Toasts()
    parser.feed(response.content.decode())
    return parser


def expect_the_four_toasts(parser, url):
    shown = {" ".join(toast["text"].split()): toast for toast in parser.toasts}
    expected = {SAVED: ("success", "status"), REFUSED: ("error", "alert")}
    expected |= {CAREFUL: ("warning", "alert"), NOTE: ("info", "status")}
    for text, (tone, role) in expected.items():
        toast = shown.get(text)
        assert toast is not None, f"{url}: '{text}' is not in the toast stack"
        assert f"crm-toast--{tone}" in toast["classes"], (url, text, toast["classes"])
        assert toast["role"] == role, (url, text, toast["role"])
        assert toast["close"], f"{url}: '{text}' has no ✕"
    assert len(parser.toasts) == len(expected), url
    assert any(src.endswith("crm/toasts.js") for src in parser.assets), url
    assert any(href.endswith("crm/shell.css") for href in parser.assets), url


def test_admin_list_and_record_pages_show_messages_as_toasts(crm_admin_client):
    account = factories.AccountFactory()
    for url in (
        reverse("admin:crm_account_changelist"),
        reverse("admin:crm_account_change", args=[account.pk]),
        reverse("admin:crm_account_add"),
    ):
        expect_the_four_toasts(toasts_on(crm_admin_client, url), url)


def test_portal_pages_show_messages_as_toasts(sales_client):
    for url in (reverse("portal:pipeline"), reverse("portal:calendar")):
        expect_the_four_toasts(toasts_on(sales_client, url), url)


def test_the_sign_in_page_shows_messages_inline_above_the_form(client):
    """On the sign-in page a note such as "You have been signed out." stays above the form
    (a toast would fade before the user reads it), and there is no toast stack."""
    parser = toasts_on(client, reverse("admin:login"))
    assert parser.toasts == []
    html = client.get(reverse("admin:login")).content.decode()  # messages were consumed
    assert 'data-testid="auth-note"' not in html
    send_messages(client, (messages.SUCCESS, SAVED))
    html = client.get(reverse("admin:login")).content.decode()
    assert f'data-testid="auth-note">{escape(SAVED)}</p>' in html


def test_a_page_without_messages_has_no_toast_stack(crm_admin_client):
    response = crm_admin_client.get(reverse("admin:crm_account_changelist"))
    parser = Toasts()
    parser.feed(response.content.decode())
    assert parser.toasts == []
    assert "data-crm-toasts" not in response.content.decode()
