"""The Log Payment page (opened from an order's header) and the payment edit form. Both hand
their values to ``crm.services.payments``; a refusal comes back on the form, input kept."""

from decimal import Decimal

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from djmoney.money import Money
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
)

from crm.admin.billing.columns import with_totals
from crm.admin.kit import once
from crm.admin.kit.feedback import add_form_error
from crm.admin.kit.forms import VersionedAdminForm
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.payments import LIVE_STATES, PERIOD_BOTH, PERIOD_ORDER, Payment, PaymentMethod
from crm.services.payments import log_payment

CENTS = Decimal("0.01")
LOGGED = "Payment of {amount} was logged successfully."
LOGGED_ONCE = "Payment of {amount} was logged for {record}"  # "This was already done: …"
RETAINER_LABEL = "Is this for a retainer service period?"
STATUS_CHOICES = [(state.value, state.label) for state in LIVE_STATES]


def _date_widget():
    return UnfoldAdminTextInputWidget(attrs={"type": "date"})


def _period_fields():
    return (
        forms.DateField(label="Service period start", required=False, widget=_date_widget()),
        forms.DateField(label="Service period end", required=False, widget=_date_widget()),
    )


def clean_period(form, cleaned: dict, *, switch: bool) -> None:
    """With the retainer switch on, both dates (end ≥ start); off, neither."""
    if not switch:
        cleaned["service_period_start"] = cleaned["service_period_end"] = None
        return
    start, end = cleaned.get("service_period_start"), cleaned.get("service_period_end")
    if start is None or end is None:
        form.add_error("service_period_start", PERIOD_BOTH)
    elif end < start:
        form.add_error("service_period_end", PERIOD_ORDER)


class LogPaymentForm(forms.Form):
    amount = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    payment_date = forms.DateField(label="Payment date", widget=_date_widget())
    payment_method = forms.ChoiceField(
        label="Payment method", choices=PaymentMethod.choices, widget=UnfoldAdminSelectWidget
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, widget=UnfoldAdminSelectWidget)
    transaction_id = forms.CharField(
        label="Transaction ID", required=False, max_length=255, widget=UnfoldAdminTextInputWidget
    )
    notes = forms.CharField(required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    is_retainer = forms.BooleanField(
        label=RETAINER_LABEL, required=False, widget=UnfoldBooleanSwitchWidget
    )
    service_period_start, service_period_end = _period_fields()

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["amount"].label = f"Amount ({order.currency})"
        balance = with_totals(order).balance_due
        self.fields["amount"].initial = balance.quantize(CENTS) if balance > 0 else None
        self.fields["payment_date"].initial = timezone.localdate()
        self.fields["status"].initial = "completed"

    def clean(self):
        cleaned = super().clean()
        clean_period(self, cleaned, switch=cleaned.get("is_retainer", False))
        return cleaned

    def period_fields(self):
        return [self["service_period_start"], self["service_period_end"]]

    def main_fields(self):
        names = ("amount", "payment_date", "payment_method", "status", "transaction_id", "notes")
        return [self[name] for name in names]


def submit_payment(model_admin, request, form, *, order=None, contract=None):
    """Log the payment once per page (crm.admin.kit.once): the response, or None with the
    refusal on the form (input kept)."""
    record = order or contract
    values = {k: v for k, v in form.cleaned_data.items() if k != "is_retainer"}

    def run() -> once.Done:
        payment = log_payment(user=request.user, order=order, contract=contract, **values)
        return once.Done(
            what=LOGGED_ONCE.format(amount=payment.amount, record=record),
            url=f"{model_admin.record_url(record)}#related",
            toast=LOGGED.format(amount=payment.amount),
        )

    try:
        return once.submit(request, run)
    except (BusinessRuleError, ConcurrencyError) as exc:
        add_form_error(form, exc)
        return None


def log_payment_view(model_admin, request, order):
    """GET: the form (amount = balance due, today, completed). POST: ``log_payment``, the
    toast "Payment of $2,500.00 was logged successfully." and back to the order; the same
    page submitted again logs nothing ("This was already done: …")."""
    data = request.POST if request.method == "POST" else None
    form = LogPaymentForm(data, order=order)
    if form.is_valid() and (response := submit_payment(model_admin, request, form, order=order)):
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Log Payment for {order}",
        "order": with_totals(order),
        "balance_due": Money(with_totals(order).balance_due, order.currency),
        "form": form,
        "cancel_url": model_admin.record_url(order),
        "once_token": once.issue(request),
    }
    return TemplateResponse(request, "crm/billing/log_payment.html", context)


EDITED_MODEL_FIELDS = [
    "payment_date",
    "payment_method",
    "transaction_id",
    "notes",
    "service_period_start",
    "service_period_end",
]


class PaymentEditForm(VersionedAdminForm):
    """The payment's edit page: the same fields as Log Payment (the order never changes)."""

    amount_value = forms.DecimalField(
        label="Amount",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    payment_status = forms.ChoiceField(
        label="Status", choices=STATUS_CHOICES, widget=UnfoldAdminSelectWidget
    )
    is_retainer = forms.BooleanField(
        label=RETAINER_LABEL, required=False, widget=UnfoldBooleanSwitchWidget
    )

    class Meta:
        model = Payment
        fields = EDITED_MODEL_FIELDS
        widgets = {
            "payment_date": _date_widget(),
            "service_period_start": _date_widget(),
            "service_period_end": _date_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        payment = self.instance
        if payment.pk:
            self.fields["amount_value"].initial = payment.amount.amount
            self.fields["payment_status"].initial = payment.status
            self.fields["is_retainer"].initial = payment.has_service_period

    def clean(self):
        cleaned = super().clean()
        clean_period(self, cleaned, switch=cleaned.get("is_retainer", False))
        return cleaned

    def changes(self) -> dict:
        """What the user changed, in ``update_payment``'s words."""
        cleaned = self.cleaned_data
        changes = {name: cleaned[name] for name in EDITED_MODEL_FIELDS}
        changes["amount"] = cleaned["amount_value"]
        changes["status"] = cleaned["payment_status"]
        return changes
