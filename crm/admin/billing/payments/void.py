"""Void Payment (UI.md "Dialogs", issue 24): a dialog over the payment showing its amount,
date and method, the order or contract it belongs to and that record's balance once the
payment no longer counts, and asking the required reason, which ``void_payment`` keeps on the
payment (shown on its page and in its history)."""

from django import forms
from django.utils.formats import date_format
from unfold.widgets import UnfoldAdminTextareaWidget

from crm.admin.kit.confirm import Confirmation
from crm.admin.kit.dialog import Preview
from crm.selectors.payments import void_effect
from crm.services.payments import VOID_REASON_MAX, void_payment

VOID_QUESTION = (
    "Are you sure you want to void this payment? This will adjust the balance due on the "
    "parent order."
)
VOID_CONSEQUENCE = "A void payment stays on record, struck through, and can never count again."
REASON_REQUIRED = "Say why the payment is voided."


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=VOID_REASON_MAX,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
        help_text="Kept on the payment and in its history, e.g. “Entered twice”.",
        error_messages={"required": REASON_REQUIRED},
    )


def _void(request, payment, *, version, data):
    void_payment(payment, user=request.user, version=version, reason=data["reason"])


def _preview(request, payment) -> Preview:
    facts = [
        ("Amount", payment.amount),
        ("Payment date", date_format(payment.payment_date)),
        ("Method", payment.get_payment_method_display()),
    ]
    effect = void_effect(payment)
    if effect is not None:
        noun = effect.parent._meta.verbose_name.capitalize()
        facts += [(noun, str(effect.parent)), (effect.label, effect.after)]
    return Preview(facts=facts)


VOID = Confirmation(
    verb="Void Payment",
    question=VOID_QUESTION,
    done="was voided",
    run=_void,
    danger=True,
    form_class=VoidForm,
    preview=_preview,
    consequence=VOID_CONSEQUENCE,
)
