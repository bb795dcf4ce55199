"""The benchmark's list pages (PAGE_GROUPS in crm.benchmark.pages): the sales lists with their
searches and deepest page, and every other object list of the CRM. Pages are returned as the
keyword arguments of crm.benchmark.pages.Page (which imports this module, not the reverse)."""

import math

from django.contrib import admin
from django.urls import reverse

from crm.benchmark.requests import get
from crm.models import Account

SALES_LISTS = ("account", "contact", "lead", "opportunity", "product", "campaign")


def _page(label: str, url: str) -> dict:
    return {"label": label, "call": get(url)}


def sales_lists() -> list[dict]:
    pages = [_page(f"{name} list", f"/crm/{name}/") for name in SALES_LISTS]
    pages.append(_page("account list, search 'Nova'", "/crm/account/?q=Nova"))
    # A word in names and in the accounts' names (crm.admin.kit.linked_search).
    pages.append(_page("contact list, search 'Smith'", "/crm/contact/?q=Smith"))
    pages.append(_page("opportunity list, search 'Smith'", "/crm/opportunity/?q=Smith"))
    # Subject OR location: both through trigram indexes (migrations 0019, 0031).
    pages.append(_page("activity list, search 'call'", "/crm/activity/?q=call"))
    per_page = admin.site._registry[Account].list_per_page
    last = max(1, math.ceil(Account.objects.count() / per_page))  # pages count from 1
    pages.append(_page("account list, last page", f"/crm/account/?p={last}"))
    return pages


def every_list() -> list[dict]:
    """Each object list of the CRM, unfiltered: the other groups time the sales lists with
    their searches and views; ``all_pages`` keeps those of these it does not already time
    (cases, quotes, line items, outbox…)."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "crm" or getattr(model_admin, "single_record", False):
            continue
        url = reverse(f"admin:crm_{model._meta.model_name}_changelist")
        pages.append(_page(f"{model._meta.verbose_name} list", url))
    return sorted(pages, key=lambda page: page["label"])
