"""A contract's cards (Line Items, Payments), the small pages the Line Items card opens (add /
edit / remove a line while the contract is a draft, through ``crm.services.contracts``), and
the Contracts cards of the account and opportunity pages."""

from django.contrib import admin
from djmoney.money import Money

from crm.admin.billing.columns import struck_if_void
from crm.admin.billing.payments.admin import payment_row_links, service_period
from crm.admin.kit.card_actions import parent_action_button
from crm.admin.kit.child_rows import ChildRowAdmin
from crm.admin.kit.priced_lines import PricedLineForm, priced_line_fields, priced_lines_card
from crm.admin.kit.related import Column, RelatedList
from crm.models.contracts import Contract, ContractLineItem
from crm.models.payments import Payment
from crm.objects import style_of
from crm.selectors.contracts import (
    account_contracts,
    contract_line_items,
    contract_payments,
    opportunity_contracts,
)
from crm.services.contracts import remove_contract_line, save_contract_line


class ContractLineForm(PricedLineForm):
    class Meta:
        model = ContractLineItem
        fields = priced_line_fields(ContractLineItem)


@admin.register(ContractLineItem)
class ContractLineItemAdmin(ChildRowAdmin):
    """A contract line lives on its contract's page; this admin serves its forms."""

    form = ContractLineForm
    parent_field = "contract"
    prefill_parent_fields = ("contract",)
    save_service = staticmethod(save_contract_line)
    remove_service = staticmethod(remove_contract_line)
    remove_question = "Remove the line {record} from this contract?"
    autocomplete_fields = ["product"]
    edit_fields = priced_line_fields(ContractLineItem)
    read_fields = priced_line_fields(ContractLineItem, price_name="price_per_cycle")
    list_display = ("product", "contract", "quantity", "price_per_cycle")
    list_select_related = ("contract", "product")
    list_related_fields = {"contract": (), "product": ("name",)}


def contract_lines_related_list() -> RelatedList:
    return priced_lines_card(
        key="line_items",
        title="Line Items",
        rows=contract_line_items,
        model=ContractLineItem,
        new_label="New Line",
    )


def contract_payments_list() -> RelatedList:
    style = style_of(Payment)
    return RelatedList(
        key="payments",
        title="Payments",
        icon=style.icon,
        color=style.color,
        rows=contract_payments,
        parent_field="contract",
        allow_new=False,
        card_action=parent_action_button("log_payment_detail"),
        limit=25,
        columns=(
            Column("Payment", struck_if_void(str), link=True),
            Column("Date", struck_if_void("payment_date")),
            Column("Amount", struck_if_void("amount")),
            Column("Method", struck_if_void("get_payment_method_display")),
            Column("Status", "get_status_display"),
            Column("Service period", struck_if_void(service_period)),
        ),
        row_actions=payment_row_links,
    )


def _contract_columns() -> tuple[Column, ...]:
    return (
        Column("Contract number", "number", link=True),
        Column("Start", "start_date"),
        Column("End", "end_date"),
        Column("Cycle", "get_billing_cycle_display"),
        Column("Cycle amount", lambda c: Money(c.cycle_amount, c.currency)),
        Column("Status", "get_status_display"),
    )


def contracts_related_list(rows, *, parent_field: str | None) -> RelatedList:
    style = style_of(Contract)
    return RelatedList(
        key="contracts",
        title="Contracts",
        icon=style.icon,
        color=style.color,
        rows=rows,
        parent_field=parent_field,
        columns=_contract_columns(),
        allow_new=parent_field is not None,
        view_all_params=lambda parent: {parent._meta.model_name: parent.pk},
    )


def account_contracts_related_list() -> RelatedList:
    return contracts_related_list(account_contracts, parent_field="account")


def opportunity_contracts_related_list() -> RelatedList:
    return contracts_related_list(opportunity_contracts, parent_field=None)
