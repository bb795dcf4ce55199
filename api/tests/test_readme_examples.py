"""The README's API examples, run as written: every curl command and the web-to-lead HTML form,
with only the placeholders (token, record id, campaign key, host) swapped for real ones."""

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from crm.models import Lead, Payment
from crm.services.web_to_lead import issue_web_to_lead_key
from crm.tests.factories import CampaignFactory
from crm.tests.factories_billing import OrderFactory

pytestmark = pytest.mark.django_db
README = (Path(settings.BASE_DIR) / "README.md").read_text()
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def readme_blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def curl_commands() -> list[list[str]]:
    """Each ``curl …`` of the sh/bash blocks, split as a shell would (quotes may span lines).
    A command runs to the next ``curl`` or the end of its block (the examples are curl only)."""
    commands = []
    for block in readme_blocks("sh") + readme_blocks("bash"):
        current = None
        for word in shlex.split(block.replace("\\\n", " "), comments=True):
            if word == "curl":
                current = [word]
                commands.append(current)
            elif current is not None:
                current.append(word)
    return commands


def run_curl(client, argv: list[str], swap: dict[str, str]):
    """Send one README curl command through the test client (method, headers, body, URL)."""
    method, headers, body, url = "GET", {}, None, None
    words = iter(argv[1:])
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, value = next(words).split(":", 1)
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = next(words)
        elif not word.startswith("-"):
            url = word
    for placeholder, real in swap.items():
        url, body = url.replace(placeholder, real), body and body.replace(placeholder, real)
        headers = {name: value.replace(placeholder, real) for name, value in headers.items()}
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    content_type = meta.pop("HTTP_CONTENT_TYPE", "application/json")
    if method == "GET":
        return client.get(path, **meta)
    return client.generic(method, path, body or "", content_type=content_type, **meta)


def test_the_orders_and_payment_examples_work_as_written(client, crm_admin):
    from crm.services.api_tokens import issue_token

    order = OrderFactory(owner=crm_admin)
    _, token = issue_token(user=crm_admin, name="README")
    swap = {"$TOKEN": token, "/orders/12/": f"/orders/{order.pk}/"}
    commands = [argv for argv in curl_commands() if "/api/v1/orders/" in " ".join(argv)]
    assert len(commands) == 2
    listed, paid = (run_curl(client, argv, swap) for argv in commands)
    assert listed.status_code == 200, listed.content
    assert paid.status_code == 201, paid.content
    assert Payment.objects.get(order=order).amount.amount == 500


def test_the_web_to_lead_curl_example_creates_its_lead(client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version)
    campaign.refresh_from_db()
    (argv,) = [argv for argv in curl_commands() if "web-to-lead" in " ".join(argv)]
    response = run_curl(client, argv, {"YOUR-CAMPAIGN-KEY": campaign.web_to_lead_key})
    assert (response.status_code, response.json()) == (200, {"ok": True}), response.json()
    assert Lead.objects.get().company == "Webshop Ltd"


class FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields = "", {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs["action"]
        elif tag in ("input", "textarea") and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or attrs.get("placeholder") or ""


def test_the_web_to_lead_html_form_creates_its_lead(client, sales_user):
    campaign = CampaignFactory(owner=sales_user)
    issue_web_to_lead_key(campaign, user=sales_user, version=campaign.version)
    campaign.refresh_from_db()
    (html,) = [block for block in readme_blocks("html") if "web-to-lead" in block]
    form = FormFields()
    form.feed(html)
    data = {**form.fields, "key": campaign.web_to_lead_key, "email": "wendy@webshop.example"}
    data["fax_number"] = ""  # the honeypot: hidden from people, so they leave it empty
    response = client.post(urlsplit(form.action).path, data)
    assert response.status_code == 200, response.content
    assert Lead.objects.get().campaign == campaign
