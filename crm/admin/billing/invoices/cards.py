"""Invoice money and cards, one definition for the list, the record page and the related
lists: the Invoices card of an account, order or contract page, and the invoice's own Lines
and Payments cards. Paid and balance due come from ``Invoice.objects.with_amounts()``."""

from django.utils.html import format_html

from crm.admin.billing.columns import struck_if_void
from crm.admin.kit.card_actions import parent_action_button
from crm.admin.kit.columns import date_range
from crm.admin.kit.money_columns import MoneyCell
from crm.admin.kit.related import Column, RelatedList
from crm.models.invoices import Invoice
from crm.models.payments import Payment
from crm.objects import style_of
from crm.record_urls import record_url
from crm.selectors.invoice_lists import (
    account_invoices,
    contract_invoices,
    invoice_lines,
    invoice_payments,
    invoice_with_amounts,
    order_invoices,
)


def with_amounts(invoice: Invoice) -> Invoice:
    """The invoice with its annotations (a record read without them is re-read once)."""
    if hasattr(invoice, "balance_due"):
        return invoice
    if not hasattr(invoice, "_crm_amounts"):
        invoice._crm_amounts = invoice_with_amounts(invoice.pk)
    return invoice._crm_amounts


INVOICE_TOTAL = MoneyCell("total")
INVOICE_PAID = MoneyCell("amount_paid", load=with_amounts)
INVOICE_BALANCE = MoneyCell("balance_due", load=with_amounts, credit=True)


def service_period(invoice) -> str:
    if invoice.service_period_start is None:
        return "—"
    return date_range(invoice.service_period_start, invoice.service_period_end)


def invoice_link(invoice: Invoice | None):
    if invoice is None:
        return "—"
    url = record_url(Invoice, invoice.pk)
    return format_html('<a class="crm-link" href="{}">{}</a>', url, invoice.number)


def parent_link(invoice: Invoice):
    """The order or contract the invoice bills, as a link."""
    parent = invoice.order if invoice.order_id else invoice.contract
    if parent is None:
        return "—"
    url = record_url(type(parent), parent.pk)
    return format_html('<a class="crm-link" href="{}">{}</a>', url, parent.number)


def invoices_related_list(rows, *, issue_action: str | None = None) -> RelatedList:
    style = style_of(Invoice)
    return RelatedList(
        key="invoices",
        title="Invoices",
        icon=style.icon,
        color=style.color,
        rows=rows,
        allow_new=False,
        limit=10,
        card_action=parent_action_button(issue_action) if issue_action else None,
        view_all_params=lambda parent: {parent._meta.model_name: parent.pk},
        columns=(
            Column("Invoice number", "number", link=True),
            Column("Issue date", "issue_date"),
            Column("Due date", "due_date"),
            Column("Service period", service_period),
            Column("Status", "get_status_display"),
            Column("Total", INVOICE_TOTAL),
            Column("Balance due", INVOICE_BALANCE),
        ),
    )


def account_invoices_related_list() -> RelatedList:
    return invoices_related_list(account_invoices)


def order_invoices_related_list() -> RelatedList:
    return invoices_related_list(order_invoices, issue_action="issue_invoice_detail")


def contract_invoices_related_list() -> RelatedList:
    return invoices_related_list(contract_invoices, issue_action="issue_invoice_detail")


def lines_related_list() -> RelatedList:
    return RelatedList(
        key="lines",
        title="Invoice Lines",
        icon="list_alt",
        color="#3BA755",
        rows=invoice_lines,
        limit=100,
        allow_new=False,
        columns=(
            Column("Description", "description"),
            Column("Quantity", "quantity"),
            Column("Unit price", "unit_price"),
            Column("Total", "total"),
        ),
    )


PAYMENT_AMOUNT = MoneyCell("amount", struck_if=lambda payment: payment.is_void)


def payments_related_list() -> RelatedList:
    style = style_of(Payment)
    return RelatedList(
        key="payments",
        title="Payments",
        icon=style.icon,
        color=style.color,
        rows=invoice_payments,
        parent_field="invoice",
        allow_new=False,
        limit=25,
        columns=(
            Column("Payment", struck_if_void(str), link=True),
            Column("Date", struck_if_void("payment_date")),
            Column("Amount", PAYMENT_AMOUNT),
            Column("Method", struck_if_void("get_payment_method_display")),
            Column("Status", "get_status_display"),
        ),
    )
