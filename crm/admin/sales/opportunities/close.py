"""Close Opportunity (UI.md "Dialogs", issue 24): a dialog over the deal — Won or Lost as two
cards, the close date (today unless changed: the deal counts in that month's "Won"), and for
a lost deal the loss reason picklist with optional details. Opened by the path's Closed
chevron; ``change_stage`` saves it (and refuses a loss without a reason)."""

from django import forms
from django.utils import timezone
from djmoney.money import Money

from crm.admin.kit.confirm import Confirmation
from crm.admin.kit.dialog import Preview
from crm.admin.sales.quotes.links import NativeDateWidget
from crm.models.opportunities import LossReason, Opportunity, Stage
from crm.services.opportunities import LOSS_DETAILS_MAX, change_stage

CHOOSE_OUTCOME = "Choose whether the opportunity was won or lost."
CHOOSE_LOSS_REASON = "Choose why the deal was lost."
OUTCOMES = {
    Stage.CLOSED_WON: ("Closed Won", "The client said yes · probability 100%", "won"),
    Stage.CLOSED_LOST: ("Closed Lost", "The deal is off · probability 0%", "lost"),
}


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=[(value, title) for value, (title, _, _) in OUTCOMES.items()],
        error_messages={"required": CHOOSE_OUTCOME, "invalid_choice": CHOOSE_OUTCOME},
    )
    close_date = forms.DateField(
        label="Close date",
        widget=NativeDateWidget,
        help_text="The deal counts in this date's month.",
    )
    loss_reason = forms.ChoiceField(
        label="Loss reason",
        required=False,
        choices=[("", "Choose a reason"), *LossReason.choices],
    )
    loss_details = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=LOSS_DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, outcome: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close_date"].initial = timezone.localdate()
        self.fields["outcome"].initial = outcome if outcome in OUTCOMES else Stage.CLOSED_WON

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Stage.CLOSED_LOST and not data.get("loss_reason"):
            self.add_error("loss_reason", CHOOSE_LOSS_REASON)
        return data

    def outcome_cards(self):
        """The two radios with their titles and hints, drawn as cards."""
        cards = []
        for radio in self["outcome"]:
            title, hint, tone = OUTCOMES[Stage(radio.data["value"])]
            cards.append({"radio": radio, "title": title, "hint": hint, "tone": tone})
        return cards


def _form_kwargs(request, opportunity) -> dict:
    # A chevron (or link) may say which card to start with: ?outcome=closed_lost.
    return {"outcome": request.GET.get("outcome", "")}


def _preview(request, opportunity) -> Preview:
    amount = (
        Opportunity.objects.with_amount().values_list("amount", flat=True).get(pk=opportunity.pk)
    )
    return Preview(
        facts=[
            ("Amount", Money(amount, opportunity.currency)),
            ("Current stage", opportunity.get_stage_display()),
        ]
    )


def _close(request, opportunity, *, version, data):
    lost = data["outcome"] == Stage.CLOSED_LOST
    change_stage(
        opportunity,
        stage=data["outcome"],
        user=request.user,
        version=version,
        close_date=data["close_date"],
        loss_reason=data.get("loss_reason", "") if lost else "",
        loss_details=data.get("loss_details", "") if lost else "",
    )


# The path's "Closed" chevron POSTs the version only: that opens the dialog; "_close" submits.
CLOSE = Confirmation(
    verb="Close Opportunity",
    question="How did it end? The stage, probability and close date follow your choice.",
    done=lambda opportunity: f"is {opportunity.get_stage_display()}",
    run=_close,
    danger=False,
    form_class=CloseForm,
    form_kwargs=_form_kwargs,
    form_template="crm/admin/dialog/close_opportunity.html",
    preview=_preview,
    submit_name="_close",
)
