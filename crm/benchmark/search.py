"""The search pages in the benchmark (issue 23: "search answers in < 100 ms"): the command
palette and the /find/ results page, by name, phone number and record number. Each palette
call is a real search: Unfold caches its answer per user and lower-cased term
(``unfold.sites.UnfoldAdminSite.search``), so the entry is forgotten before every call,
untimed. Pages are returned as the keyword arguments of crm.benchmark.pages.Page (which
imports this module, not the reverse)."""

import hashlib

from django.core.cache import cache
from django.test import Client
from django.utils.http import urlencode

from crm.benchmark import billing
from crm.benchmark.requests import get
from crm.models import User

PALETTE = "/search/"
FIND = "/find/"
NAME = "Nova"
PHONE = "(555) 000-1234"  # the seeded accounts' phones are "+1 555 0000000" onwards


def palette(user: User, label: str, term: str) -> dict:
    base = f"{user.pk}_{term.lower()}"
    key = f"unfold_search_{hashlib.sha256(base.encode()).hexdigest()}"

    def forget(client: Client) -> dict:
        cache.delete(key)
        return {}

    return {"label": label, "call": get(f"{PALETTE}?{urlencode({'s': term})}"), "prepare": forget}


def find(label: str, **params) -> dict:
    return {"label": label, "call": get(f"{FIND}?{urlencode(params)}")}


def search_pages(user: User) -> list[dict]:
    pages = [
        palette(user, f"command palette '{NAME}'", NAME),
        palette(user, f"command palette, phone '{PHONE}'", PHONE),
        find(f"find page '{NAME}'", q=NAME),
        find(f"find page '{NAME}', accounts page 2", q=NAME, type="account", page=2),
        find(f"find page, phone '{PHONE}'", q=PHONE),
    ]
    order = billing.showcase_order()
    if order is not None:
        pages.append(palette(user, "command palette, order number", order.number))
        pages.append(find("find page, order number", q=order.number))
    return pages
