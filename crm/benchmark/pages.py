"""The pages the benchmark times, each a request a signed-in user's browser would make.

Extending: append a function to ``PAGE_GROUPS``; it receives the ``Targets`` (records found in
the seeded data) and returns ``Page`` objects. A page's ``call`` makes one request with the
test client; it may keep state between calls (a write reads the version it just wrote)."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from crm.admin.kit import tab_cache
from crm.benchmark import billing
from crm.benchmark.activity_pages import activity_pages
from crm.benchmark.api_pages import api_pages
from crm.benchmark.forms import post_form_data
from crm.benchmark.invoices import billing_run_pages
from crm.benchmark.list_pages import every_list, sales_lists
from crm.benchmark.requests import get
from crm.benchmark.search import search_pages
from crm.benchmark.seed import ADMIN_EMAIL, SHOWCASE_NAME
from crm.models import Account, Case, Contact, Contract, Invoice, Lead, Payment, Quote, User
from crm.models.leads import LeadStatus
from crm.models.opportunities import Opportunity, Stage

KANBAN = "/portal/pipeline/"


@dataclass
class Targets:
    user: User
    account: Account
    contact: Contact
    lead: Lead
    opportunity: Opportunity  # the 10-line showcase deal
    movable: Opportunity  # an open deal the admin owns, moved back and forth
    plain_account: Account  # a small account, saved back unchanged


def find_targets() -> Targets:
    user = User.objects.filter(email=ADMIN_EMAIL).first()
    account = Account.objects.filter(name=SHOWCASE_NAME).order_by("pk").first()
    if account is None or user is None:
        raise LookupError("No benchmark data: run `python manage.py benchmark --seed` first.")
    return Targets(
        user=user,
        account=account,
        contact=Contact.objects.filter(account=account).order_by("pk").first(),
        lead=Lead.objects.filter(status=LeadStatus.NEW).order_by("pk").first(),
        opportunity=Opportunity.objects.filter(account=account).order_by("pk").first(),
        movable=Opportunity.objects.filter(owner=user, stage__in=[Stage.QUALIFYING])
        .order_by("pk")
        .first(),
        plain_account=Account.objects.exclude(pk=account.pk).order_by("pk").first(),
    )


@dataclass
class Page:
    label: str
    call: Callable[[Client, dict], object]
    expect: int = 200
    # Untimed work before each call (e.g. loading the form a write posts back).
    prepare: Callable[[Client], dict] = field(default=lambda client: {})
    runs: int | None = None  # at most this many timed calls (a slow batch job), no warm-up


def lists(targets: Targets) -> list[Page]:
    return [Page(**page) for page in sales_lists()]


def records(targets: Targets) -> list[Page]:
    return [
        Page(
            "account record (200 contacts, 2,000 activities)",
            get(f"/crm/account/{targets.account.pk}/change/"),
        ),
        Page("contact record", get(f"/crm/contact/{targets.contact.pk}/change/")),
        Page("lead record", get(f"/crm/lead/{targets.lead.pk}/change/")),
        Page(
            "opportunity record (10 lines)",
            get(f"/crm/opportunity/{targets.opportunity.pk}/change/"),
        ),
        Page("lead conversion page", get(f"/crm/lead/{targets.lead.pk}/convert/")),
        *[
            Page(
                f"{model._meta.verbose_name} record",
                get(f"/crm/{model._meta.model_name}/{pk}/change/"),
            )
            for model in (Quote, Case)
            if (pk := model.objects.order_by("pk").values_list("pk", flat=True).first())
        ],
    ]


def _first_opening(client: Client) -> dict:
    """Untimed: make every cached tab stale, so the call renders the tab afresh."""
    tab_cache.bump_generation()
    return {}


def record_tabs(targets: Targets) -> list[Page]:
    """Record tabs fetched when opened (crm.admin.kit.record_tabs): first opening, cached."""
    account = f"/crm/account/{targets.account.pk}"
    opportunity = f"/crm/opportunity/{targets.opportunity.pk}"
    pages = []
    for label, url in [
        ("account Related tab", f"{account}/tab/related/"),
        ("account Activity tab", f"{account}/tab/activity/"),
        ("account History tab", f"{account}/tab/history/"),
        ("opportunity Related tab", f"{opportunity}/tab/related/"),
    ]:
        pages.append(Page(f"{label} fragment (record)", get(url), prepare=_first_opening))
        pages.append(Page(f"{label} fragment, cached (record)", get(url)))
    pages.append(
        Page("account record, ?tab=related (no JavaScript)", get(f"{account}/change/?tab=related"))
    )
    return pages


def kanban(targets: Targets) -> list[Page]:
    return [
        Page("kanban, all owners", get(KANBAN)),
        Page("kanban, mine", get(f"{KANBAN}?owner=me")),
        Page("kanban, filtered (quarter + 'Nova')", get(f"{KANBAN}?period=this_quarter&q=Nova")),
        Page("kanban, show more (page 2)", get(f"{KANBAN}column/?stage=proposal&offset=25")),
    ]


def search(targets: Targets) -> list[Page]:
    return [Page(**page) for page in search_pages(targets.user)]


def exports(targets: Targets) -> list[Page]:
    def export_form(client: Client) -> dict:
        html = client.get("/crm/account/export/", secure=True).content.decode()
        return {**post_form_data(html), "format": _option_value(html, "csv")}

    def export_accounts(client: Client, data: dict):
        response = client.post("/crm/account/export/", data, secure=True)
        _consume(response)
        return response

    return [Page("CSV export, all accounts", export_accounts, prepare=export_form)]


def writes(targets: Targets) -> list[Page]:
    account_url = f"/crm/account/{targets.plain_account.pk}/change/"

    def account_form(client: Client) -> dict:
        # The record opens read-only; the edit form is the same URL with ?edit=1.
        edit_url = f"{account_url}?edit=1"
        return post_form_data(client.get(edit_url, secure=True).content.decode())

    def save_account(client: Client, data: dict):
        return client.post(account_url, {**data, "_save": "Save"}, secure=True)

    movable, stages = targets.movable, [Stage.NEEDS_ANALYSIS, Stage.QUALIFYING]
    state = {"version": movable.version, "turn": 0}

    def move_card(client: Client, prepared: dict):
        body = {"id": movable.pk, "version": state["version"], "stage": stages[state["turn"] % 2]}
        response = client.post(
            f"{KANBAN}move/", json.dumps(body), content_type="application/json", secure=True
        )
        if response.status_code == 200:
            state["version"] = response.json()["card"]["version"]
            state["turn"] += 1
        return response

    return [
        Page("account save (write)", save_account, expect=302, prepare=account_form),
        Page("kanban move (write)", move_card),
    ]


def _option_value(html: str, text: str) -> str:
    """The value of the <option> whose label is ``text`` (the export format select)."""
    marker = html.lower().find(f">{text}</option>")
    start = html.rfind('value="', 0, marker) + len('value="')
    return html[start : html.index('"', start)]


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        response._bench_bytes = sum(len(chunk) for chunk in response.streaming_content)


def billing_pages(targets: Targets) -> list[Page]:
    order = billing.showcase_order()
    pages = [
        Page("order list", get("/crm/order/")),
        Page("payment list", get("/crm/payment/")),
    ]
    paid = Payment.objects.exclude(transaction_id="").order_by("-pk")
    if transaction := paid.values_list("transaction_id", flat=True).first():
        # A transaction id, which no account name holds (crm.admin.kit.linked_search).
        pages.append(
            Page("payment list, search by transaction id", get(f"/crm/payment/?q={transaction}"))
        )
    if order is not None:
        pages.append(Page("order record (50 payments)", get(f"/crm/order/{order.pk}/change/")))
    return pages + invoice_pages()


def invoice_pages() -> list[Page]:
    """The invoice list at the seeded 50k invoices (all, the Overdue view, a search by
    number), an invoice's page and its PDF."""
    pages = [
        Page("invoice list", get("/crm/invoice/")),
        Page("invoice list, Overdue view", get("/crm/invoice/?view=overdue")),
    ]
    invoice = Invoice.objects.order_by("-pk").first()
    if invoice is not None:
        pages.append(Page("invoice list, search by number", get(f"/crm/invoice/?q={invoice}")))
        pages.append(Page("invoice record", get(f"/crm/invoice/{invoice.pk}/change/")))
        pages.append(Page("invoice PDF", get(f"/crm/invoice/{invoice.pk}/pdf/")))
    return pages


def activities(targets: Targets) -> list[Page]:
    return [Page(**page) for page in activity_pages(targets.user, targets.account)]


def retainer_pages(targets) -> list:
    year = timezone.localdate().year
    contract = Contract.objects.order_by("pk").first()
    report = "/portal/retainers/"
    pages = [
        Page("retainer report, this year", get(f"{report}?year={year}")),
        Page("retainer report, last year", get(f"{report}?year={year - 1}")),
        Page("retainer report, mine", get(f"{report}?year={year}&owner=mine")),
        Page("retainer report CSV", get(f"{report}?year={year}&format=csv")),
        Page("contract list", get("/crm/contract/")),
    ]
    if contract is not None:
        month = f"{contract.start_date:%Y-%m}"
        pages += [
            Page("contract record", get(f"/crm/contract/{contract.pk}/change/")),
            Page(
                "payment list, one account and month",
                get(f"/crm/payment/?account={contract.account_id}&period={month}"),
            ),
        ]
    # Issue 25: the report's default, the rolling twelve months ending with next month.
    pages.append(Page("retainer report, rolling 12 months (default)", get(report)))
    return pages


def api(targets: Targets) -> list[Page]:
    return [Page(**page) for page in api_pages(targets)]


def billing_runs(targets: Targets) -> list[Page]:
    return [Page(**page) for page in billing_run_pages(targets)]


PAGE_GROUPS: list[Callable[[Targets], list[Page]]] = [
    lists,
    records,
    record_tabs,
    kanban,
    search,
    exports,
    writes,
    billing_pages,
    activities,
    retainer_pages,
    api,
    billing_runs,
]


def all_pages(targets: Targets) -> list[Page]:
    pages = [page for group in PAGE_GROUPS for page in group(targets)]
    timed = {getattr(page.call, "url", None) for page in pages}
    return pages + [Page(**page) for page in every_list() if page["call"].url not in timed]
