"""A quote's lines: the Quote Lines card on its page (New / Edit / Remove while it is a
draft) and the small add / edit / remove pages it opens. Every write goes through
``crm.services.quotes`` (quote row locked, draft only); saving returns to the quote."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponseRedirect
from django.urls import reverse
from djmoney.money import Money
from unfold.decorators import action
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.fixed_choice import fix_existing_choice
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.models.quotes import QuoteLineItem
from crm.selectors.quotes import quote_lines
from crm.services import quotes as services

LINE_FIELDS = ["quote", "product", "quantity", "sale_price_amount", "description"]
READ_FIELDS = ["quote", "product", "quantity", "sale_price", "description"]


class QuoteLineForm(VersionedAdminForm):
    # Typed as a plain amount: every line is in the quote's currency.
    sale_price_amount = forms.DecimalField(
        label="Sale price",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="Leave blank to use the product's list price.",
        widget=UnfoldAdminDecimalFieldWidget,
    )

    class Meta:
        model = QuoteLineItem
        fields = LINE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "quantity" not in self.fields:
            return
        if self.instance.pk:
            self.fields["sale_price_amount"].initial = self.instance.sale_price.amount
            fix_existing_choice(self, "product")
        self.fields["quantity"].widget.attrs["min"] = "0.01"

    def _post_clean(self):
        amount = self.cleaned_data.get("sale_price_amount")
        quote = self.cleaned_data.get("quote")
        try:
            currency = (quote or self.instance.quote).currency
        except ObjectDoesNotExist:
            currency = None
        self.instance.sale_price = (
            Money(amount, currency) if amount is not None and currency else None
        )
        super()._post_clean()


@admin.register(QuoteLineItem)
class QuoteLineItemAdmin(RecordAdmin):
    """A line lives on its quote's page; this admin serves its forms."""

    form = QuoteLineForm
    prefill_parent_fields = ("quote",)
    clone_enabled = False
    header_actions = ("remove_detail",)
    autocomplete_fields = ["product"]
    fields = LINE_FIELDS
    list_display = ("product", "quote", "quantity", "sale_price")
    list_select_related = ("quote", "product")

    def has_module_permission(self, request):
        return False  # reached from the quote's Quote Lines card, not the sidebar

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.quote.is_draft)

    def get_fields(self, request, obj=None):
        if obj is not None and (self.is_read_mode(request, obj) or not obj.quote.is_draft):
            return READ_FIELDS
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "quote"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        services.save_quote_line(obj, user=request.user)

    def back_to_quote(self, obj):
        url = reverse("admin:crm_quote_change", args=[obj.quote_id])
        return HttpResponseRedirect(f"{url}#related")

    def response_change(self, request, obj):
        super().response_change(request, obj)
        return self.back_to_quote(obj)

    def has_remove_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.delete_quotelineitem"):
            return False
        if object_id is None:
            return True
        record = self.get_record(request, object_id)
        return record is not None and record.quote.is_draft

    @action(description="Remove", url_path="remove", permissions=["remove"], icon="delete")
    def remove_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        confirmation = Confirmation(
            verb="Remove",
            question="Remove the line {record} from this quote?",
            done="was removed",
            run=lambda request, rec, *, version, data: services.remove_quote_line(
                rec, user=request.user
            ),
        )
        response = confirm_record(self, request, record, confirmation)
        return self.back_to_quote(record) if request.method == "POST" else response


def _row_links(request, quote, line) -> list[tuple[str, str]]:
    if not quote.is_draft or not request.user.has_perm("crm.change_quotelineitem"):
        return []
    edit = reverse("admin:crm_quotelineitem_change", args=[line.pk]) + "?edit=1"
    remove = reverse("admin:crm_quotelineitem_remove_detail", args=[line.pk])
    return [("Edit", edit), ("Remove", remove)]


def line_total(line) -> Money:
    return Money(line.quantity * line.sale_price.amount, line.sale_price.currency)


def quote_lines_related_list() -> RelatedList:
    return RelatedList(
        key="quote_lines",
        title="Quote Lines",
        icon="inventory_2",
        color="#3BA755",
        rows=quote_lines,
        parent_field="quote",
        limit=100,
        new_label="New Quote Line",
        columns=(
            Column("Product", "product.name"),
            Column("Description", "description"),
            Column("Quantity", "quantity"),
            Column("Sale price", "sale_price"),
            Column("Total", line_total),
        ),
        row_actions=_row_links,
        is_inactive=lambda line: not line.product.is_active,
    )
