"""Line items and contact roles on the opportunity page (Salesforce related lists as inlines).
Both are read-only once the deal is closed; new lines only offer active products and roles
only active contacts of the opportunity's account."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from djmoney.money import Money
from unfold.admin import TabularInline
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem


class FixedChoiceWidget(forms.Widget):
    """Shows an already-chosen related record as text (no lookup query per row)."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<span class="crm-fixed-choice">{}</span>', self.label)


def fix_existing_choice(form, name: str) -> None:
    """Show a saved row's link as text: no lookup query per row, and it cannot change."""
    field = form.fields.get(name)
    if field is not None and form.instance.pk:
        field.disabled = True
        field.widget = FixedChoiceWidget(str(getattr(form.instance, name)))


class ContactRoleForm(forms.ModelForm):
    class Meta:
        model = OpportunityContactRole
        fields = ["contact", "role", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fix_existing_choice(self, "contact")


class LineItemForm(forms.ModelForm):
    # The price is typed as a plain amount: every line shares the opportunity's currency.
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
        model = OpportunityLineItem
        fields = ["product", "quantity", "sale_price_amount", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        price = self.fields["sale_price_amount"]
        if "quantity" not in self.fields:  # closed deal: the inline shows read-only values
            return
        if self.instance.pk:
            price.initial = self.instance.sale_price.amount
            # As in Salesforce, a line's product is fixed once added (remove the line and add
            # another to change it).
            fix_existing_choice(self, "product")
        price.widget.attrs["data-crm-line-price"] = "1"
        self.fields["quantity"].widget.attrs["min"] = "0.01"

    def _post_clean(self):
        amount = self.cleaned_data.get("sale_price_amount")
        try:
            currency = self.instance.opportunity.currency
        except ObjectDoesNotExist:
            currency = None
        self.instance.sale_price = (
            Money(amount, currency) if amount is not None and currency else None
        )
        super()._post_clean()


class OpenOpportunityInline(TabularInline):
    """Editable only while the parent opportunity is open (SPEC §6)."""

    extra = 0

    def _open(self, obj) -> bool:
        return obj is None or not obj.is_closed

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


class LineItemInline(OpenOpportunityInline):
    model = OpportunityLineItem
    form = LineItemForm
    verbose_name = "product"
    verbose_name_plural = "products"
    autocomplete_fields = ["product"]
    fields = ["product", "quantity", "sale_price_amount", "description", "line_total"]
    readonly_fields = ["line_total"]

    class Media:
        js = ("crm/line_items.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return ["product", "quantity", "sale_price", "description", "line_total"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return self.get_fields(request, obj)
        return self.readonly_fields

    @staticmethod
    def line_total(line):
        return line.total if line.pk else "—"


class ContactRoleInline(OpenOpportunityInline):
    model = OpportunityContactRole
    form = ContactRoleForm
    verbose_name = "contact role"
    verbose_name_plural = "contact roles"
    fields = ["contact", "role", "is_primary"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        contact_field = formset.form.base_fields.get("contact")
        if contact_field is not None and obj is not None:
            # Active contacts of this account, plus any already in a role (kept when inactive).
            used = obj.contact_roles.values_list("contact_id", flat=True)
            contacts = contact_field.queryset.filter(account_id=obj.account_id)
            contact_field.queryset = contacts.filter(is_active=True) | contacts.filter(pk__in=used)
        return formset
