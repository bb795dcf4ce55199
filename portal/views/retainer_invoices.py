"""The retainer report's Overdue panel, invoice side (issue 26): for an overdue row, each
overdue month's invoice (one entry per invoice with its months), when its last reminder went
and the "Send reminder now" URL (``portal.views.retainer_reminders``) for those who may send
it. The invoices come from ``crm.selectors.retainer_invoices`` in one query for the panel."""

from django.utils.formats import date_format


def short_date(day) -> str:
    """As every date on the record pages reads: "Dec. 5, 2026"."""
    return date_format(day) if day else ""


def late_months(row) -> list[tuple[int, object]]:
    """(contract id, month) of the row's overdue cells."""
    return [(c.contract_id, c.month) for c in row.cells if c.overdue_amount > 0 and c.contract_id]


def invoices_view(row, found: dict, links, *, can_remind: bool) -> list[dict]:
    shown: dict[int, dict] = {}
    for key in late_months(row):
        invoice = found.get(key)
        if invoice is None:
            continue
        entry = shown.setdefault(
            invoice.invoice_id,
            {
                "number": invoice.number,
                "url": links.invoice_url(invoice.invoice_id),
                "months": [],
                "last_reminder": short_date(invoice.last_reminder),
                "remind_url": links.remind_url(invoice.invoice_id) if can_remind else "",
            },
        )
        entry["months"].append(f"{key[1]:%b %Y}")
    return list(shown.values())
