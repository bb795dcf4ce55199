"""Log Payment on a contract's page: the same form as on an order, pre-filled with the next
unpaid service period (e.g. 2027-03-01 – 2027-03-31 for a monthly contract) and what is still
due for it (the cycle amount when nothing was paid), the retainer switch on."""

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from djmoney.money import Money

from crm.admin.billing.payments.forms import CENTS, LogPaymentForm, submit_payment
from crm.admin.kit import once
from crm.selectors.contracts import next_unpaid_period


class ContractPaymentForm(LogPaymentForm):
    def __init__(self, *args, contract, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)  # the order-specific defaults do not apply
        self.contract = contract
        self.fields["amount"].label = f"Amount ({contract.currency})"
        self.fields["payment_date"].initial = timezone.localdate()
        self.fields["status"].initial = "completed"
        self.fields["is_retainer"].initial = True
        period = next_unpaid_period(contract, cycle_amount=contract.cycle_amount)
        self.next_period = period
        if period is not None:
            self.fields["amount"].initial = period.outstanding.quantize(CENTS)
            self.fields["service_period_start"].initial = period.start
            self.fields["service_period_end"].initial = period.end


def log_contract_payment_view(model_admin, request, contract):
    """GET: the pre-filled form. POST: ``log_payment(contract=…)``, the toast and back to the
    contract's Related tab. ``contract`` carries its annotated ``cycle_amount``."""
    data = request.POST if request.method == "POST" else None
    form = ContractPaymentForm(data, contract=contract)
    if form.is_valid() and (
        response := submit_payment(model_admin, request, form, contract=contract)
    ):
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Log Payment for {contract}",
        "contract": contract,
        "cycle_amount": Money(contract.cycle_amount, contract.currency),
        "next_period": form.next_period,
        "form": form,
        "cancel_url": model_admin.record_url(contract),
        "once_token": once.issue(request),
    }
    return TemplateResponse(request, "crm/billing/log_contract_payment.html", context)
