""" "Generate Contract" on a won opportunity's page: a confirmation that asks the start date,
the term and the billing cycle, then the new draft contract's page. Shown only when the deal
is won and has retainer products."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action
from unfold.enums import ActionVariant
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextInputWidget,
)

from crm.admin.kit import once
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG, lines_preview
from crm.models.contracts import MAX_TERM_MONTHS, BillingCycle
from crm.selectors.opportunities import opportunity_retainer_lines
from crm.services.opportunities import contract_refusal, generate_contract

GENERATE_QUESTION = (
    "This will create a draft retainer contract from the retainer products of {record}."
)


def _first_of_next_month() -> datetime.date:
    today = timezone.localdate()
    return (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class GenerateContractForm(forms.Form):
    start_date = forms.DateField(
        label="Start date", widget=UnfoldAdminTextInputWidget(attrs={"type": "date"})
    )
    term_months = forms.IntegerField(
        label="Term (months)",
        min_value=1,
        max_value=MAX_TERM_MONTHS,
        initial=12,
        widget=UnfoldAdminIntegerFieldWidget,
    )
    billing_cycle = forms.ChoiceField(
        label="Billing cycle",
        choices=BillingCycle.choices,
        initial=BillingCycle.MONTHLY,
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = _first_of_next_month()


def _generate(request, opportunity, *, version, data):
    return generate_contract(opportunity, user=request.user, version=version, **data)


def _preview(request, opportunity):
    return lines_preview(
        opportunity_retainer_lines(opportunity),
        title="Retainer products copied into the contract (other products are not)",
        price_label="Price per cycle",
        total_label="Per billing cycle",
    )


GENERATE = Confirmation(
    verb="Generate Contract",
    question=GENERATE_QUESTION,
    done="has a new contract",
    run=_generate,
    danger=False,
    form_class=GenerateContractForm,
    once=True,  # a second submit of the page makes no second contract
    result_url=lambda contract: reverse("admin:crm_contract_change", args=[contract.pk]),
    preview=_preview,
)


class GenerateContractMixin:
    """Mix into OpportunityAdmin and list ``generate_contract_detail`` in its header actions."""

    def has_generate_contract_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.generate_contract"):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        opportunity = self.get_record(request, object_id)
        return opportunity is not None and contract_refusal(opportunity) is None

    @action(
        description="Generate Contract",
        url_path="generate-contract",
        permissions=["generate_contract"],
        icon="contract",
        variant=ActionVariant.PRIMARY,
        attrs=DIALOG,
    )
    def generate_contract_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), GENERATE)
