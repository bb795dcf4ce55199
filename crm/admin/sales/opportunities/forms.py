"""The forms of an opportunity's products and contact roles. Both are locked once the deal is
closed; new lines offer only active products, roles only active contacts of the account."""

from crm.admin.kit.fixed_choice import fix_existing_choice
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.priced_lines import PricedLineForm, priced_line_fields
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


class LineItemForm(PricedLineForm):
    class Meta:
        model = OpportunityLineItem
        fields = priced_line_fields(OpportunityLineItem)
