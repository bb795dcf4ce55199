"""Quotes: the list (totals annotated, searchable by number), the record page (highlights,
status path, Present / Accept / Deny, the Quote Lines card, History) and the printable quote.
Quotes are made from an opportunity by ``create_quote`` (its "Create Quote" button or the
add form here); every status move goes through the named services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from djmoney.money import Money
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import action, display

from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.attachments import attachments_related_list
from crm.admin.kit.columns import owner_column
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.money_columns import money_column
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.kit.urls import not_found
from crm.admin.sales.quotes.lines import quote_lines_related_list
from crm.admin.sales.quotes.send import SendQuoteMixin
from crm.documents.download import pdf_response
from crm.documents.quotes import quote_document
from crm.models.quotes import FINAL_STATUSES, Quote, QuoteStatus, parse_number
from crm.selectors.company import company_information
from crm.selectors.quotes import (
    has_other_accepted_quote,
    printable_quote,
    quote_lines,
    quotes_list,
)
from crm.services import quotes as services
from crm.services.transitions import copy_saved_state

ACCEPT_QUESTION = (
    "Accept {record}? The customer agreed to this offer: the opportunity's products will be "
    "replaced by this quote's lines, and the quote becomes read-only."
)
SERVICES = {
    QuoteStatus.PRESENTED: services.present_quote,
    QuoteStatus.ACCEPTED: services.accept_quote,
    QuoteStatus.DENIED: services.deny_quote,
}


def _acceptable(quote) -> bool:
    """Accept shows only while no other quote of the deal is accepted (one query, only on a
    presented quote); ``accept_quote`` re-checks it under the opportunity's row lock."""
    return quote.status != QuoteStatus.PRESENTED or not has_other_accepted_quote(quote)


def _move(quote, *, target, user, version):
    return SERVICES[target](quote, user=user, version=version)


class QuoteAddForm(VersionedAdminForm):
    """A new quote: pick the opportunity; its products are copied by ``create_quote``."""

    class Meta:
        model = Quote
        fields = ["opportunity", "name", "expiration_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.required = False
        name.help_text = "Leave blank to use the opportunity's name."
        self.fields["expiration_date"].help_text = "Leave blank for 30 days from today."


class QuoteForm(VersionedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contact = self.fields.get("contact")
        if contact is not None and self.instance.account_id:
            # The bill-to contact is one of the account's contacts.
            contact.queryset = contact.queryset.filter(account_id=self.instance.account_id)


@admin.register(Quote)
class QuoteAdmin(SendQuoteMixin, RecordAdmin):
    form = QuoteForm
    highlight_fields = (
        "number_display",
        "account",
        "opportunity",
        "status",
        "total_display",
        "expiration_date",
        "owner",
    )
    path_field = "status"
    path_final, path_lost = (QuoteStatus.ACCEPTED, QuoteStatus.DENIED), (QuoteStatus.DENIED,)
    path_actions = {QuoteStatus.ACCEPTED: "accept_detail", QuoteStatus.DENIED: "deny_detail"}
    header_actions = ("send_quote_detail", "print_detail", "pdf_detail")
    transition_actions = (
        TransitionAction(
            "present",
            "Present",
            QuoteStatus.PRESENTED,
            "Mark {record} as presented to the customer? Its lines can no longer change.",
            "was presented",
            icon="send",
            service=_move,
        ),
        TransitionAction(
            "accept",
            "Accept",
            QuoteStatus.ACCEPTED,
            ACCEPT_QUESTION,
            "was accepted",
            icon="task_alt",
            service=_move,
            condition=_acceptable,
        ),
        TransitionAction(
            "deny",
            "Deny",
            QuoteStatus.DENIED,
            "Mark {record} as denied by the customer? The quote becomes read-only.",
            "was denied",
            icon="block",
            danger=True,
            service=_move,
        ),
    )
    related_lists = (quote_lines_related_list(), attachments_related_list())
    first_tab_cards = ("quote_lines",)
    clone_enabled = False  # a new quote is made from its opportunity (its lines are copied)
    return_to_parent = False
    prefill_parent_fields = ("opportunity",)
    autocomplete_fields = ["opportunity"]

    list_display = (
        "number_display",
        "name",
        "opportunity",
        "account",
        "status_badge",
        "total_display",
        "expiration_date",
        "owner_name",
    )
    list_display_links = ("number_display", "name")
    list_filter = (("status", ChoicesDropdownFilter), OwnerFilter)
    list_select_related = ("opportunity", "account", "owner")
    list_related_fields = {"opportunity": ("name",), "account": ("name",), "owner": USER_NAME}
    search_fields = ("name", "account__name")
    search_help_text = "Search by quote number, name or account"
    ordering = ("-created_at", "-pk")
    readonly_fields = (
        "number_display",
        "opportunity",
        "account",
        "status",
        "total_display",
        "currency",
        "created_at",
    )
    fieldsets = (
        (
            "Quote",
            {
                "fields": (
                    ("name", "number_display"),
                    ("opportunity", "account"),
                    ("contact", "expiration_date"),
                    ("owner",),
                )
            },
        ),
        ("Status", {"fields": (("status", "total_display"), ("currency", "created_at"))}),
        ("Details", {"fields": ("description",)}),
    )
    add_fieldsets = (("New quote", {"fields": ("opportunity", "name", "expiration_date")}),)

    def get_queryset(self, request):
        return quotes_list()

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = QuoteAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Accepted and denied quotes are read-only (SPEC §6).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status not in FINAL_STATUSES)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        quote = services.create_quote(
            obj.opportunity,
            user=request.user,
            name=obj.name,
            expiration_date=obj.expiration_date,
        )
        copy_saved_state(quote, onto=obj)
        obj._state.adding = False
        return None

    def get_search_results(self, request, queryset, search_term):
        results, distinct = super().get_search_results(request, queryset, search_term)
        pk = parse_number(search_term) if search_term.upper().startswith("Q-") else None
        if pk is not None:
            results = queryset.filter(pk=pk)
        return results, distinct

    # --- columns ------------------------------------------------------------------------------
    @display(description="Quote number", ordering="pk")
    def number_display(self, obj):
        return obj.number

    @display(
        description="Status",
        ordering="status",
        label={"Accepted": "success", "Denied": "danger", "Presented": "info"},
    )
    def status_badge(self, obj):
        return obj.get_status_display()

    total_display = money_column("Total", "total")  # "—" on a row read without its total
    owner_name = owner_column()

    # --- path: Draft, Presented, then one decision chevron (Accept / Deny ask first) --------
    def is_path_stage_allowed(self, value, allowed_targets):
        # Presented moves at once; accepting replaces the deal's products, so Accept and Deny
        # open the header buttons' confirmations (``path_actions``).
        return value in allowed_targets

    def move_along_path(self, request, obj, *, target, version):
        if target != QuoteStatus.PRESENTED:
            raise PermissionDenied
        services.present_quote(obj, user=request.user, version=version)

    # --- the printable quote --------------------------------------------------------------------
    def has_print_permission(self, request, object_id=None):
        return self.has_view_permission(request)

    @action(
        description="Print / Save as PDF", url_path="print", permissions=["print"], icon="print"
    )
    def print_detail(self, request, object_id):
        quote = printable_quote(int(object_id))
        if quote is None:
            return not_found(self, request)
        lines = [(line, line.total) for line in quote_lines(quote)]
        return TemplateResponse(
            request,
            "crm/quotes/print.html",
            {
                "quote": quote,
                "lines": lines,
                "total": Money(quote.total, quote.currency),
                "company": company_information(),
                "back_url": reverse("admin:crm_quote_change", args=[quote.pk]),
                "pdf_url": reverse("admin:crm_quote_pdf_detail", args=[quote.pk]),
            },
        )

    @action(description="Download PDF", url_path="pdf", permissions=["print"], icon="download")
    def pdf_detail(self, request, object_id):
        quote = printable_quote(int(object_id))
        if quote is None:
            return not_found(self, request)
        return pdf_response(quote_document(quote))
