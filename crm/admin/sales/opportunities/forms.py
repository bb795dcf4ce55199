"""Products and contact roles of an opportunity: related-list cards on its page with New /
Edit / Remove, each opening a small form (pre-filled with the opportunity) that returns to the
opportunity when saved. Both are locked once the deal is closed; new lines offer only active
products, roles only active contacts of the opportunity's account."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from djmoney.money import Money
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from crm.admin.kit.fixed_choice import fix_existing_choice
from crm.admin.kit.forms import VersionedAdminForm
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem


class ContactRoleForm(VersionedAdminForm):
    class Meta:
        model = OpportunityContactRole
        fields = ["opportunity", "contact", "role", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fix_existing_choice(self, "contact")

    def _get_validation_exclusions(self):
        # "At most one primary" is kept by save_contact_role, which moves the flag to this
        # contact in the same transaction; the form must not refuse the move beforehand.
        return {*super()._get_validation_exclusions(), "is_primary"}


class LineItemForm(VersionedAdminForm):
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
        fields = ["opportunity", "product", "quantity", "sale_price_amount", "description"]

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
        opportunity = self.cleaned_data.get("opportunity")
        try:
            currency = (opportunity or self.instance.opportunity).currency
        except ObjectDoesNotExist:
            currency = None
        self.instance.sale_price = (
            Money(amount, currency) if amount is not None and currency else None
        )
        super()._post_clean()
