"""The Convert page of a lead (Salesforce's convert dialog) and the success screen.

The page shows what will be created, offers existing accounts with a similar name and contacts
with the same email as "Choose existing" (so conversion makes no duplicates), asks the
opportunity name, then calls ``convert_lead`` — which owns every rule; refusals come back as
form errors and nothing is written."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from unfold.decorators import action
from unfold.enums import ActionVariant

from crm.admin.kit import once
from crm.admin.kit.feedback import add_form_error
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.models import Account, Contact, Lead
from crm.models.leads import WORKABLE_STATUSES
from crm.selectors.leads import ConversionSuggestions, conversion_suggestions
from crm.services.leads import (
    ALREADY_CONVERTED,
    EXISTING_CONTACT_OPTION,
    convert_lead,
    end_of_quarter,
)

NEW, OTHER = "new", "other"
CHOOSE_ACCOUNT = "Choose the existing account to use."
CHOOSE_CONTACT = "Choose the existing contact to use."
NAME_REQUIRED = "Enter the opportunity name, or tick “Don't create an opportunity”."
CONVERTED = "Lead '{lead}' was converted."


def default_opportunity_name(lead: Lead, today: datetime.date) -> str:
    """SPEC: "<company> - <today>"."""
    return f"{lead.company} - {formats.date_format(today, 'SHORT_DATE_FORMAT')}"


class ConvertLeadForm(forms.Form):
    account_choice = forms.ChoiceField(widget=forms.RadioSelect)
    other_account = forms.ModelChoiceField(Account.objects.active(), required=False)
    contact_choice = forms.ChoiceField(widget=forms.RadioSelect)
    other_contact = forms.ModelChoiceField(Contact.objects.active(), required=False)
    opportunity_name = forms.CharField(label="Opportunity name", max_length=255, required=False)
    no_opportunity = forms.BooleanField(
        label="Don't create an opportunity upon conversion", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, lead: Lead, suggestions: ConversionSuggestions, admin_site, **kw):
        super().__init__(*args, **kw)
        self.lead, self.suggestions = lead, suggestions
        self.accounts = {str(account.pk): account for account in suggestions.accounts}
        self.contacts = {str(contact.pk): contact for contact in suggestions.contacts}
        for kind, suggested in (("account", self.accounts), ("contact", self.contacts)):
            keys = [NEW, *suggested, OTHER]
            self.fields[f"{kind}_choice"].choices = [(key, key) for key in keys]
            # Any other active record, searched like the admin's own lookups.
            field = self.fields[f"other_{kind}"]
            field.widget = AutocompleteSelect(
                Lead._meta.get_field(f"converted_{kind}"),
                admin_site,
                attrs={"data-choice": f"{kind}_choice"},
            )
            field.widget.choices = field.choices
        self.initial.setdefault("version", lead.version)
        self.initial.setdefault(
            "opportunity_name", default_opportunity_name(lead, timezone.localdate())
        )
        self.initial.setdefault("account_choice", self._default_account())
        self.initial.setdefault("contact_choice", next(iter(self.contacts), NEW))

    def _default_account(self) -> str:
        """Prefer the account of a contact with the same email, then an exact-name account:
        choosing them is what avoids duplicates."""
        for contact in self.suggestions.contacts:
            if str(contact.account_id) in self.accounts:
                return str(contact.account_id)
        for key, account in self.accounts.items():
            if account.name.casefold() == self.lead.company.casefold():
                return key
        return NEW

    def clean(self):
        data = super().clean()
        data["account"] = self._chosen(data, "account", self.accounts, CHOOSE_ACCOUNT)
        data["contact"] = self._chosen(data, "contact", self.contacts, CHOOSE_CONTACT)
        data["opportunity_name"] = (data.get("opportunity_name") or "").strip()
        if not data.get("no_opportunity") and not data["opportunity_name"]:
            self.add_error("opportunity_name", NAME_REQUIRED)
        return data

    def _chosen(self, data, kind: str, suggested: dict, missing: str):
        choice = data.get(f"{kind}_choice")
        if choice == OTHER:
            record = data.get(f"other_{kind}")
            if record is None:
                self.add_error(f"other_{kind}", missing)
            return record
        return suggested.get(choice)  # None for "new"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "account": data["account"],
            "contact": data["contact"],
            "opportunity_name": data["opportunity_name"],
            "create_opportunity": not data.get("no_opportunity"),
            "version": data["version"],
        }


class LeadConversionMixin:
    """Mix into LeadAdmin: the Convert button, the conversion page and the success screen."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/convert/",
                self.admin_site.admin_view(self.conversion_view),
                name="crm_lead_convert",
            ),
            path(
                "<path:object_id>/converted/",
                self.admin_site.admin_view(self.converted_view),
                name="crm_lead_converted",
            ),
            *super().get_urls(),
        ]

    def has_convert_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.convert_lead"):
            return False
        return object_id is None or (
            Lead.objects.filter(pk=object_id, status__in=WORKABLE_STATUSES).exists()
        )

    @action(
        description="Convert",
        url_path="convert-lead",
        permissions=["convert"],
        icon="swap_horiz",
        variant=ActionVariant.PRIMARY,
    )
    def convert_detail(self, request, object_id):
        return HttpResponseRedirect(reverse("admin:crm_lead_convert", args=[object_id]))

    def conversion_view(self, request, object_id):
        lead = get_object_or_404(Lead.objects.select_related("owner", "campaign"), pk=object_id)
        if not (request.user.has_perm("crm.convert_lead") and self.has_view_permission(request)):
            raise PermissionDenied
        if lead.is_converted and not once.is_repeat(request):  # a repeat: "already done"
            messages.warning(request, ALREADY_CONVERTED)
            return HttpResponseRedirect(reverse("admin:crm_lead_converted", args=[lead.pk]))
        # The path's "Converted" chevron posts only its version: that opens the page.
        submitted = request.method == "POST" and "_convert" in request.POST
        form = ConvertLeadForm(
            request.POST if submitted else None,
            lead=lead,
            suggestions=conversion_suggestions(lead),
            admin_site=self.admin_site,
        )
        if submitted and form.is_valid():
            converted_url = reverse("admin:crm_lead_converted", args=[lead.pk])

            def run() -> once.Done:
                convert_lead(lead, user=request.user, **form.service_kwargs())
                return once.Done(
                    what=CONVERTED.format(lead=lead).removesuffix("."), url=converted_url
                )

            try:
                return once.submit(request, run)  # the same page submitted again: "already done"
            except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
                if Lead.objects.converted().filter(pk=lead.pk).exists():
                    # Someone else converted it meanwhile: say so and show the result.
                    messages.warning(request, error_message(exc))
                    return HttpResponseRedirect(converted_url)
                add_form_error(form, exc)
        return TemplateResponse(
            request,
            "crm/leads/convert.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Convert lead: {lead}",
                "lead": lead,
                "form": form,
                "media": self.media + form.media,
                "account_choice": form["account_choice"].value(),
                "contact_choice": form["contact_choice"].value(),
                "close_date": end_of_quarter(timezone.localdate()),
                "cancel_url": self.record_url(lead),
                "existing_contact_option": EXISTING_CONTACT_OPTION,
                "once_token": once.issue(request),
            },
        )

    def converted_view(self, request, object_id):
        lead = get_object_or_404(
            Lead.objects.select_related(
                "converted_account", "converted_contact", "converted_opportunity", "owner"
            ),
            pk=object_id,
        )
        if not self.has_view_permission(request, lead):
            raise PermissionDenied
        if not lead.is_converted:
            return HttpResponseRedirect(self.record_url(lead))
        return TemplateResponse(
            request,
            "crm/leads/converted.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Your lead has been converted",
                "lead": lead,
                "records": _result_cards(lead),
                "lead_url": self.record_url(lead),
                "leads_url": reverse("admin:crm_lead_changelist"),
            },
        )


def _result_cards(lead: Lead) -> list[dict]:
    cards = []
    for label, icon, color, record in (
        ("Account", "apartment", "#5A1BA9", lead.converted_account),
        ("Contact", "contacts", "#A094ED", lead.converted_contact),
        ("Opportunity", "trending_up", "#FF9A3C", lead.converted_opportunity),
    ):
        url = None
        if record is not None:
            meta = record._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        cards.append({"label": label, "icon": icon, "color": color, "record": record, "url": url})
    return cards
