"""A contract's cards (Line Items, Payments), the small pages the Line Items card opens (add /
edit / remove a line while the contract is a draft, through ``crm.services.contracts``), and
the Contracts cards of the account and opportunity pages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponseRedirect
from django.urls import reverse
from djmoney.money import Money
from unfold.decorators import action
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from crm.admin.billing.columns import struck_if_void
from crm.admin.billing.payments.admin import payment_row_links, service_period
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.fixed_choice import fix_existing_choice
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import RecordAdmin
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


class ContractLineForm(VersionedAdminForm):
    price_amount = forms.DecimalField(
        label="Price per cycle",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )

    class Meta:
        model = ContractLineItem
        fields = ["contract", "product", "quantity", "price_amount", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["price_amount"].initial = self.instance.price_per_cycle.amount
            fix_existing_choice(self, "product")
        if "quantity" in self.fields:
            self.fields["quantity"].widget.attrs["min"] = "0.01"

    def _post_clean(self):
        amount = self.cleaned_data.get("price_amount")
        contract = self.cleaned_data.get("contract")
        try:
            currency = (contract or self.instance.contract).currency
        except ObjectDoesNotExist:
            currency = None
        if amount is not None and currency:
            self.instance.price_per_cycle = Money(amount, currency)
        super()._post_clean()


@admin.register(ContractLineItem)
class ContractLineItemAdmin(RecordAdmin):
    """A contract line lives on its contract's page; this admin serves its forms."""

    form = ContractLineForm
    prefill_parent_fields = ("contract",)
    clone_enabled = False
    header_actions = ("remove_detail",)
    autocomplete_fields = ["product"]
    list_display = ("product", "contract", "quantity", "price_per_cycle")
    list_select_related = ("contract", "product")

    def has_module_permission(self, request):
        return False  # reached from the contract's Related tab, not the sidebar

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.contract.is_closed)

    def get_fields(self, request, obj=None):
        if obj is not None and (self.is_read_mode(request, obj) or obj.contract.is_closed):
            return ["contract", "product", "quantity", "price_per_cycle", "description"]
        return ["contract", "product", "quantity", "price_amount", "description"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "contract"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        save_contract_line(obj, user=request.user)

    def back_to_contract(self, obj):
        url = reverse("admin:crm_contract_change", args=[obj.contract_id])
        return HttpResponseRedirect(f"{url}#related")

    def response_change(self, request, obj):
        super().response_change(request, obj)
        return self.back_to_contract(obj)

    def has_remove_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.delete_contractlineitem"):
            return False
        record = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (record is not None and not record.contract.is_closed)

    @action(description="Remove", url_path="remove", permissions=["remove"], icon="delete")
    def remove_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        confirmation = Confirmation(
            verb="Remove",
            question="Remove the line {record} from this contract?",
            done="was removed",
            run=lambda request, rec, *, version, data: remove_contract_line(rec, user=request.user),
        )
        response = confirm_record(self, request, record, confirmation)
        return self.back_to_contract(record) if request.method == "POST" else response


def _line_links(request, contract, line) -> list[tuple[str, str]]:
    if contract.is_closed or not request.user.has_perm("crm.change_contractlineitem"):
        return []
    edit = reverse("admin:crm_contractlineitem_change", args=[line.pk]) + "?edit=1"
    remove = reverse("admin:crm_contractlineitem_remove_detail", args=[line.pk])
    return [("Edit", edit), ("Remove", remove)]


def contract_lines_related_list() -> RelatedList:
    return RelatedList(
        key="line_items",
        title="Line Items",
        icon="inventory_2",
        color="#3BA755",
        rows=contract_line_items,
        parent_field="contract",
        limit=50,
        new_label="New Line",
        columns=(
            Column("Product", "product.name"),
            Column("Quantity", "quantity"),
            Column("Price per cycle", "price_per_cycle"),
            Column("Total", "total"),
        ),
        row_actions=_line_links,
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
