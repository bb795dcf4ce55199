"""The retainer report (SPEC §6, §8): by default the rolling twelve months ending with next
month (``?year=`` shows a calendar year), one row per account (and currency), twelve
coloured month cells (a paid month is a ✓ with its amount on hover; partial, overdue and
upcoming cells show the amount due with its currency), row and column totals, the Overdue
accounts panel (with "Log overdue payments", ``portal.views.retainer_payments``, and each
overdue month's invoice with its last reminder and "Send reminder now",
``portal.views.retainer_reminders``), an Owner
filter and a CSV export of what is shown (every row of the filtered report, not only the page on
screen: the grid shows 50 accounts a page). Numbers come from ``crm.selectors.retainers``; this
module only formats them and builds the links."""

import csv
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from crm.formatting import format_money
from crm.selectors.retainer_invoices import overdue_period_invoices
from crm.selectors.retainers import retainer_data_stamp, retainer_grid, rolling_start
from portal.views.base import portal_page, render_portal
from portal.views.retainer_invoices import invoices_view, late_months
from portal.views.retainer_text import (
    STATE_LABELS,
    cell_display,
    cell_text,
    money_pair,
    month_labels,
    total_text,
    window_text,
)

OWNERS = {"all": "All accounts", "mine": "My accounts"}
YEAR_SPAN = range(-4, 2)  # the year selector: four years back, next year
ROWS_PER_PAGE = 50  # totals and the Overdue panel always cover every row
OVERDUE_SHOWN = 25
CACHE_SECONDS = 3600
CACHE_VERSION = 4  # bump when the cached page parts change shape
REMIND_PERMISSION = "crm.send_invoice"
BAD_YEAR = "'{value}' is not a year; showing the last twelve months."
ROLLING = "rolling"  # the year selector's value for the default window
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    year: int | None  # None: the rolling twelve months ending with next month
    owner: str
    notice: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params) -> "Filters":
        raw = params.get("year", "")
        owner = params.get("owner", "all")
        owner = owner if owner in OWNERS else "all"
        page = params.get("page", "1")
        page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
        if not raw or raw == ROLLING:
            return cls(None, owner, page=page)
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            return cls(int(raw), owner, page=page)
        return cls(None, owner, BAD_YEAR.format(value=raw[:20]))

    def query(self, **extra) -> str:
        year = {"year": self.year} if self.year is not None else {}
        return urlencode({**year, "owner": self.owner, **extra})


def _page_links(filters: Filters, count: int) -> dict:
    pages = max(1, -(-count // ROWS_PER_PAGE))
    page = min(filters.page, pages)
    base = reverse("portal:retainers")
    return {
        "number": page,
        "count": pages,
        "start": (page - 1) * ROWS_PER_PAGE,
        "previous": f"{base}?{filters.query(page=page - 1)}" if page > 1 else "",
        "next": f"{base}?{filters.query(page=page + 1)}" if page < pages else "",
    }


PLACEHOLDER = 999_999_999


class Links:
    """Record and list URLs, resolved once per request (not once per cell)."""

    def __init__(self):
        self.payments = reverse("admin:crm_payment_changelist")
        self.contract = reverse("admin:crm_contract_change", args=[PLACEHOLDER])
        self.account = reverse("admin:crm_account_change", args=[PLACEHOLDER])
        self.log = reverse("portal:retainers_log_overdue", args=[PLACEHOLDER, "CUR"])
        self.invoice = reverse("admin:crm_invoice_change", args=[PLACEHOLDER])
        self.remind = reverse("portal:retainers_remind", args=[PLACEHOLDER])
        self.back = ""  # the report's own URL, to come back to after logging

    @staticmethod
    def _with(template: str, pk: int) -> str:
        return template.replace(str(PLACEHOLDER), str(int(pk)))

    def contract_url(self, pk: int) -> str:
        return self._with(self.contract, pk)

    def account_url(self, pk: int) -> str:
        return self._with(self.account, pk)

    def invoice_url(self, pk: int) -> str:
        return self._with(self.invoice, pk)

    def remind_url(self, pk: int) -> str:
        return self._with(self.remind, pk)

    def log_overdue(self, row) -> str:
        url = self._with(self.log, row.account_id).replace("/CUR/", f"/{row.currency}/")
        return f"{url}?{urlencode({'next': self.back})}" if self.back else url

    def cell(self, row, cell) -> str:
        if cell.paid > 0:
            return f"{self.payments}?account={int(row.account_id)}&period={cell.month:%Y-%m}"
        return self.contract_url(cell.contract_id) if cell.contract_id else ""


CELL_HTML = (
    '<td class="retainers__num retainers__cell{}" data-month="{}" data-state="{}"{}>{}{}</td>'
)


def _cell_html(cell: dict):
    classes = f" retainers__cell--{cell['state']}" if cell["state"] else ""
    classes += " retainers__cell--late" if cell["late"] else ""
    title = format_html(' title="{}"', cell["title"]) if cell["title"] else ""
    body = (
        format_html('<a href="{}">{}</a>', cell["url"], cell["text"] or "—")
        if cell["url"]
        else cell["text"]
    )
    label = (
        format_html('<span class="retainers__sr">{}</span>', cell["label"]) if cell["label"] else ""
    )
    return format_html(CELL_HTML, classes, cell["month"], cell["state"], title, body, label)


def _cell_view(row, cell, links: Links) -> dict:
    text, title = cell_display(cell, row.currency)
    return {
        "text": text,
        "title": title,
        "state": cell.state or "",
        "label": STATE_LABELS.get(cell.state, ""),
        "url": links.cell(row, cell),
        "month": f"{cell.month:%b %Y}",
        "late": cell.overdue_amount > 0,
    }


def _row_view(row, links: Links, *, can_log: bool = False) -> dict:
    first_late = next((c for c in row.cells if c.overdue_amount > 0 and c.contract_id), None)
    cells = [_cell_view(row, cell, links) for cell in row.cells]
    return {
        "account": row.account_name,
        "account_url": links.account_url(row.account_id),
        "currency": row.currency,
        "cells": cells,
        "cells_html": format_html_join("", "{}", ((_cell_html(c),) for c in cells)),
        "total": money_pair(row.paid_total, row.expected_total, row.currency),
        "overdue_months": [f"{month:%b %Y}" for month in row.overdue_months],
        "overdue_amount": format_money(row.overdue_amount, row.currency),
        "overdue_url": links.contract_url(first_late.contract_id) if first_late else "",
        "log_url": links.log_overdue(row) if can_log and row.overdue_amount > 0 else "",
    }


def _totals_view(total) -> dict:
    cur = total.currency
    return {
        "currency": cur,
        "cells": [money_pair(p, e, cur) for p, e in zip(total.paid, total.expected, strict=True)],
        "total": money_pair(total.paid_total, total.expected_total, cur),
        "overdue_amount": format_money(total.overdue_amount, cur),
    }


def _csv(grid, filters: Filters) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"retainers-{filters.year or grid.months[0].strftime('%Y-%m')}-{filters.owner}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    months = [f"{month:%b %Y}" for month in grid.months]
    writer.writerow(["Account", "Currency", *months, "Total (paid / expected)"])

    def safe(text: str) -> str:  # no spreadsheet formulas from account names
        return f"'{text}" if text.startswith(FORMULA_STARTS) else text

    for row in grid.rows:
        cells = [
            f"{cell_text(c)} {STATE_LABELS[c.state].lower()}".strip() if c.state else cell_text(c)
            for c in row.cells
        ]
        total = total_text(row.paid_total, row.expected_total)
        writer.writerow([safe(row.account_name), row.currency, *cells, total])
    for total in grid.totals:
        cells = [total_text(p, e) for p, e in zip(total.paid, total.expected, strict=True)]
        whole = total_text(total.paid_total, total.expected_total)
        writer.writerow([f"Total {total.currency}", total.currency, *cells, whole])
    return response


def _grid(filters: Filters, owner, today):
    if filters.year is None:
        return retainer_grid(start=rolling_start(today), owner=owner, today=today)
    return retainer_grid(year=filters.year, owner=owner, today=today)


def _grid_parts(request, filters: Filters, owner, today) -> dict:
    """What the page shows of the grid: the rows of this page, the totals and the Overdue
    panel, formatted. Computing the grid takes a few hundred ms at full size, so the parts are
    cached under a key that changes with every payment, contract or account write
    (``retainer_data_stamp``): the report is never stale and opens at once."""
    can_log = request.user.has_perm("crm.add_payment")
    can_remind = request.user.has_perm(REMIND_PERMISSION)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    who = owner.pk if owner is not None else "all"
    rights = f"{can_log}:{can_remind}"
    key = f"crm:retainers:v{CACHE_VERSION}:{who}:{today}:{rights}:{path}:{retainer_data_stamp()}"
    parts = cache.get(key)
    if parts is None:
        parts = _compute_parts(request, filters, owner, today, can_log)
        cache.set(key, parts, CACHE_SECONDS)
    return parts


def _overdue_view(rows, links: Links, *, can_log: bool, can_remind: bool) -> list[dict]:
    found = overdue_period_invoices(key for row in rows for key in late_months(row))
    views = []
    for row in rows:
        view = _row_view(row, links, can_log=can_log)
        view["invoices"] = invoices_view(row, found, links, can_remind=can_remind)
        views.append(view)
    return views


def _compute_parts(request, filters: Filters, owner, today, can_log: bool) -> dict:
    grid = _grid(filters, owner, today)
    paging = _page_links(filters, len(grid.rows))
    shown = grid.rows[paging["start"] : paging["start"] + ROWS_PER_PAGE]
    overdue = grid.overdue_rows
    links = Links()
    links.back = request.get_full_path()
    can_remind = request.user.has_perm(REMIND_PERMISSION)
    return {
        "window": window_text(grid.months),
        "months": month_labels(grid.months),
        # The column of today's month (None outside the window): the grid opens scrolled to it.
        "current_column": next(
            (i for i, m in enumerate(grid.months) if m == today.replace(day=1)), None
        ),
        "rows": [_row_view(row, links) for row in shown],
        "row_count": len(grid.rows),
        "paging": paging,
        "totals": [_totals_view(total) for total in grid.totals],
        "overdue": _overdue_view(
            overdue[:OVERDUE_SHOWN], links, can_log=can_log, can_remind=can_remind
        ),
        "overdue_more": max(0, len(overdue) - OVERDUE_SHOWN),
    }


@require_GET
@portal_page("crm.view_payment")
def report(request):
    filters = Filters.from_params(request.GET)
    owner = request.user if filters.owner == "mine" else None
    today = timezone.localdate()
    if request.GET.get("format") == "csv":
        return _csv(_grid(filters, owner, today), filters)
    years = sorted({today.year + delta for delta in YEAR_SPAN} | {filters.year or today.year})
    parts = _grid_parts(request, filters, owner, today)
    context = {
        **parts,
        "filters": filters,
        "owners": OWNERS,
        "years": years,
        "rolling": ROLLING,
        "window_note": "rolling 12 months ending next month" if filters.year is None else "",
        "states": list(STATE_LABELS.items()),
        "csv_url": f"{reverse('portal:retainers')}?{filters.query(format='csv')}",
    }
    return render_portal(request, "portal/retainers.html", context, title="Retainer report")
