"""Quotes on other records' pages: the "Create Quote" header action of an open opportunity
(a confirmation with the quote's name and expiration date, then ``create_quote`` and the new
quote's page) and the Quotes related lists of opportunities and accounts."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from djmoney.money import Money
from unfold.decorators import action
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminTextInputWidget

from crm.admin.kit import once
from crm.admin.kit.confirm import MISSING_VERSION, Confirmation, parse_version
from crm.admin.kit.confirm import render_confirmation as render
from crm.admin.kit.dialog import DIALOG, lines_preview
from crm.admin.kit.feedback import report_error
from crm.admin.kit.messages import CREATED
from crm.admin.kit.related import Column, RelatedList
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.objects import style_of
from crm.selectors.opportunities import opportunity_line_items
from crm.selectors.quotes import account_quotes, opportunity_quotes
from crm.services.quotes import create_quote
from crm.services.transitions import check_version

CREATE_QUESTION = (
    "Create a quote from {record}? Its products are copied into a new draft quote, which you "
    "can adjust before presenting it."
)


class NativeDateWidget(UnfoldAdminDateWidget):
    """The browser's own date picker (the confirmation page loads no admin calendar JS)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CreateQuoteForm(forms.Form):
    name = forms.CharField(
        label="Quote name",
        max_length=255,
        required=False,
        help_text="Leave blank to use the opportunity's name.",
        widget=UnfoldAdminTextInputWidget,
    )
    expiration_date = forms.DateField(
        label="Expiration date",
        required=False,
        help_text="Leave blank for 30 days from today.",
        widget=NativeDateWidget,
    )


def _create(request, opportunity, *, version, data):
    check_version(opportunity, version)
    return create_quote(opportunity, user=request.user, **data)


def _preview(request, opportunity):
    return lines_preview(
        opportunity_line_items(opportunity),
        title="Copied into the new draft quote",
        total_label="Quote total",
    )


CREATE_QUOTE = Confirmation(
    verb="Create Quote",
    question=CREATE_QUESTION,
    done="was created",
    run=_create,
    danger=False,
    form_class=CreateQuoteForm,
    preview=_preview,
)


class CreateQuoteActionMixin:
    """Mix into OpportunityAdmin and list ``"create_quote"`` in its ``header_actions``."""

    def has_create_quote_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_quote"):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        opportunity = self.get_record(request, object_id)
        return opportunity is not None and not opportunity.is_closed

    @action(
        description="Create Quote",
        url_path="create-quote",
        permissions=["create_quote"],
        icon="request_quote",
        attrs=DIALOG,
    )
    def create_quote(self, request, object_id):
        opportunity = self.get_record_or_404(object_id)
        back = self.record_url(opportunity)
        page = {
            "version": opportunity.version,
            "cancel_url": back,
            "once_token": once.issue(request),
        }
        form = CreateQuoteForm(request.POST if request.method == "POST" else None)
        confirm = {"confirmation": CREATE_QUOTE, "objects": [opportunity], "form": form}
        if request.method != "POST" or not form.is_valid():
            return render(self, request, **confirm, **page)
        version = parse_version(request.POST)
        if version is None:
            messages.error(request, MISSING_VERSION)
            return render(self, request, **confirm, status=400, **page)

        def run() -> once.Done:
            quote = CREATE_QUOTE.run(request, opportunity, version=version, data=form.cleaned_data)
            return once.Done(
                what=f"Quote '{quote}' was created from {opportunity}",
                url=reverse("admin:crm_quote_change", args=[quote.pk]),
                toast=CREATED.format(label="Quote", record=quote),
            )

        try:
            # The same page submitted twice makes one quote (the version alone would not:
            # creating a quote does not change the opportunity).
            return once.submit(request, run)
        except (BusinessRuleError, ConcurrencyError) as exc:
            report_error(request, exc)
            return HttpResponseRedirect(back)


def _total(quote) -> Money:
    return Money(quote.total, quote.currency)


def _number(quote) -> str:
    return quote.number


def opportunity_quotes_related_list() -> RelatedList:
    style = style_of("quote")
    return RelatedList(
        key="quotes",
        title="Quotes",
        icon=style.icon,
        color=style.color,
        rows=opportunity_quotes,
        parent_field="opportunity",
        allow_new=False,  # "Create Quote" in the header copies the products
        columns=(
            Column("Quote number", _number, link=True),
            Column("Name", "name"),
            Column("Status", "get_status_display"),
            Column("Total", _total),
            Column("Expiration date", "expiration_date"),
            Column("Owner", "owner"),
        ),
    )


def account_quotes_related_list() -> RelatedList:
    style = style_of("quote")
    return RelatedList(
        key="quotes",
        title="Quotes",
        icon=style.icon,
        color=style.color,
        rows=account_quotes,
        parent_field="account",
        allow_new=False,  # quotes are made from an opportunity
        columns=(
            Column("Quote number", _number, link=True),
            Column("Opportunity", "opportunity.name"),
            Column("Status", "get_status_display"),
            Column("Total", _total),
            Column("Expiration date", "expiration_date"),
        ),
    )
