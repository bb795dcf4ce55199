"""The opportunity list (export), amounts computed from the line items. Its natural key is
name + account, so a file listing one opportunity twice is refused like any other."""

from import_export.fields import Field

from crm.models import Opportunity, Stage
from crm.models.choices import LeadSource
from crm.resources.accounts import account_by_name
from crm.resources.base import CRMResource
from crm.resources.widgets import ChoiceWidget, column, owner_column


class OpportunityResource(CRMResource):
    """Export of the (filtered) opportunity list, amounts computed from the line items."""

    name = column(Opportunity, "name")
    account = Field(attribute="account", column_name="Account Name", widget=account_by_name())
    stage = column(Opportunity, "stage", ChoiceWidget(Stage.choices, "stage"))
    amount = Field(attribute="amount", column_name="Amount", readonly=True)
    currency = column(Opportunity, "currency")
    probability = column(Opportunity, "probability")
    close_date = Field(attribute="close_date", column_name="Close Date", readonly=True)
    lead_source = column(
        Opportunity, "lead_source", ChoiceWidget(LeadSource.choices, "lead source")
    )
    next_step = column(Opportunity, "next_step")
    owner = owner_column()

    export_related = ("account", "owner")
    natural_key = ("name", "account")
    natural_key_noun = "opportunity name and account"

    class Meta:
        model = Opportunity
        name = "Opportunities"
        fields = (
            "name", "account", "stage", "amount", "currency", "probability", "close_date",
            "lead_source", "next_step", "owner",
        )  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).with_amount()

    def dehydrate_amount(self, opportunity):
        amount = getattr(opportunity, "amount", None)
        return "" if amount is None else f"{amount:.2f}"
