"""The REST API's pages in the benchmark (PAGE_GROUPS): lists of 100, the showcase details, a
PATCH with If-Match and a stage action back and forth, each as the signed-in benchmark admin
(the API accepts the app's session). URLs only: the CRM never imports the API.

A resource that is not routed on this build keeps its row, labelled "not routed" and
expected to answer 404, so the table says so instead of failing. Pages are returned as the
keyword arguments of crm.benchmark.pages.Page (which imports this module, not the reverse)."""

import json
from collections.abc import Callable

from django.test import Client
from django.urls import Resolver404, resolve

from crm.benchmark.requests import get
from crm.models.opportunities import Stage

API = "/api/v1"
LIST_PREFIXES = ("accounts", "contacts", "opportunities", "orders", "payments", "activities")
NOT_ROUTED = " (not routed)"


def routed(prefix: str) -> bool:
    try:
        return resolve(f"{API}/{prefix}/").url_name == f"{prefix}-list"
    except Resolver404:
        return False


def api_page(prefix: str, label: str, call: Callable[[Client, dict], object]) -> dict:
    if routed(prefix):
        return {"label": f"API {label}", "call": call}
    return {"label": f"API {label}{NOT_ROUTED}", "call": get(f"{API}/{prefix}/"), "expect": 404}


def api_pages(targets) -> list[dict]:
    pages = [
        api_page(prefix, f"{prefix} list (100)", get(f"{API}/{prefix}/?page_size=100"))
        for prefix in LIST_PREFIXES
    ]
    by_balance = f"{API}/orders/?page_size=100&ordering=-balance_due"
    pages.append(api_page("orders", "orders by balance due (100)", get(by_balance)))
    account, opportunity = targets.account.pk, targets.opportunity.pk
    pages += [
        api_page("accounts", "account detail (showcase)", get(f"{API}/accounts/{account}/")),
        api_page(
            "opportunities",
            "opportunity detail (10 lines)",
            get(f"{API}/opportunities/{opportunity}/"),
        ),
        api_page("accounts", "account PATCH (write)", _patch_account(targets)),
    ]
    if targets.movable is not None:
        pages.append(api_page("opportunities", "stage action (write)", _move_stage(targets)))
    return pages


def _send(client: Client, method: str, url: str, body: dict, etag: str):
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", secure=True, HTTP_IF_MATCH=etag
    )


def _patch_account(targets) -> Callable[[Client, dict], object]:
    """Save the small account's phone back unchanged, with the ETag the last PATCH returned
    (read once, untimed, on the first call)."""
    url = f"{API}/accounts/{targets.plain_account.pk}/"
    state = {"etag": None}

    def patch(client: Client, prepared: dict):
        if state["etag"] is None:
            state["etag"] = client.get(url, secure=True)["ETag"]
        response = _send(
            client, "patch", url, {"phone": targets.plain_account.phone}, state["etag"]
        )
        if response.status_code == 200:
            state["etag"] = response["ETag"]
        return response

    return patch


def _move_stage(targets) -> Callable[[Client, dict], object]:
    """Move the admin's open deal between two early stages and back, each time with the ETag
    the previous move returned (the kanban write page moves the same deal, so the first move
    reads the deal's current version and stage, untimed)."""
    url = f"{API}/opportunities/{targets.movable.pk}/"
    stages = [Stage.NEEDS_ANALYSIS, Stage.QUALIFYING]
    state = {"etag": None, "turn": 0}

    def move(client: Client, prepared: dict):
        if state["etag"] is None:
            current = client.get(url, secure=True)
            state["etag"] = current["ETag"]
            state["turn"] = 1 if current.json()["stage"] == stages[0] else 0
        body = {"stage": stages[state["turn"] % 2]}
        response = _send(client, "post", f"{url}stage/", body, state["etag"])
        if response.status_code == 200:
            state["etag"] = response["ETag"]
            state["turn"] += 1
        return response

    return move
