"""Actions as dialogs (UI.md "Dialogs", issue 24): every header action that asks something
opens over the dimmed record. ``crm/static/crm/dialog.js`` fetches the action's page with the
``X-CRM-Dialog`` header, shows its ``[data-crm-dialog-body]`` in a ``<dialog>``, posts the
form from there and follows the redirect (``crm.middleware.DialogRedirectMiddleware`` turns
it into a header, so the toast waits for the record page). Without JavaScript the same URL is
a full page, as before.

This module gives the dialog its content: the record's identity (icon, name, key fields) and
"exactly what will happen" — facts, the lines that will be copied and their totals."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

from crm.admin.kit import header

HEADER = "X-CRM-Dialog"
# ``@action(attrs=DIALOG)``: the header button opens its page as a dialog.
DIALOG = {"data-crm-dialog": "1"}
KEY_FIELDS = 4  # the identity shows the record's first highlight fields, like its header


def is_dialog_request(request) -> bool:
    return request.headers.get(HEADER) == "1"


def identity(model_admin, request, record) -> dict | None:
    """The record's header in small: object label, icon, name and its first key fields
    (None for an admin without a record header, e.g. settings pages)."""
    if not hasattr(model_admin, "object_icon"):
        return None
    fields = getattr(model_admin, "highlight_fields", ())
    names = [name for name in fields if _is_field(record, name)]
    return {
        "object_label": record._meta.verbose_name,
        "icon": model_admin.object_icon,
        "color": model_admin.object_color,
        "title": str(record),
        "fields": [
            header._field_display(model_admin, request, record, name) for name in names[:KEY_FIELDS]
        ],
    }


def _is_field(record, name: str) -> bool:
    """Stored fields only: a computed column may need an annotation the record read here
    lacks (the action's own preview shows such figures)."""
    try:
        record._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class Line:
    product: str
    quantity: object
    price: object
    total: object


@dataclass
class Preview:
    """What the action will do, shown above its form."""

    facts: list[tuple[str, object]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    lines_title: str = ""
    price_label: str = "Price"
    totals: list[tuple[str, object]] = field(default_factory=list)
    empty: str = ""  # shown instead of the table when there are no lines


def lines_preview(lines, *, title: str, price_label: str = "Price", total_label: str = "Total"):
    """``lines`` (priced lines with ``product``, ``quantity``, ``price``, ``total``) as the
    table the action copies, with their sum."""
    rows = [Line(str(line.product), line.quantity, line.price, line.total) for line in lines]
    totals = []
    if rows:
        total = rows[0].total
        for row in rows[1:]:
            total = total + row.total
        totals.append((total_label, total))
    return Preview(lines=rows, lines_title=title, price_label=price_label, totals=totals)
