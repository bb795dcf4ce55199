"""Opportunities: list with computed amounts, record page with highlights, the stage path
(every move goes through ``change_stage``), line items and contact roles."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.billing.columns import opportunity_orders_related_list
from crm.admin.billing.contracts.children import opportunity_contracts_related_list
from crm.admin.billing.contracts.generation import GenerateContractMixin
from crm.admin.billing.orders.generation import GenerateOrderMixin
from crm.admin.kit.attachments import attachments_related_list
from crm.admin.kit.columns import date_column, owner_column, short_column
from crm.admin.kit.confirm import confirm_record
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.list_views import ListView
from crm.admin.kit.money_columns import money_column
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.kit.send_email import SendEmailMixin
from crm.admin.sales.opportunities.children import contact_roles_related_list, products_related_list
from crm.admin.sales.opportunities.close import CLOSE
from crm.admin.sales.quotes.links import CreateQuoteActionMixin, opportunity_quotes_related_list
from crm.models.money import currency_choices, default_currency
from crm.models.opportunities import (
    CLOSED_STAGES,
    OPEN_STAGES,
    STAGE_PROBABILITY,
    Opportunity,
    Stage,
)
from crm.resources import OpportunityResource
from crm.selectors import list_views as views
from crm.services.opportunities import change_stage


class StageFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("open", "All open"), ("closed", "All closed"), *Stage.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.closed()
        if value in Stage.values:
            return queryset.filter(stage=value)
        return queryset


@admin.register(Opportunity)
class OpportunityAdmin(
    CreateQuoteActionMixin,
    GenerateOrderMixin,
    GenerateContractMixin,
    CRMImportExportMixin,
    SendEmailMixin,
    RecordAdmin,
):
    resource_classes = [OpportunityResource]
    highlight_fields = ("account", "amount_display", "close_date", "stage", "owner")
    path_field = "stage"
    inline_edit_fields = ("close_date", "next_step", "stage")
    path_hints = {stage: f"Probability {STAGE_PROBABILITY[stage]}%" for stage in OPEN_STAGES}
    path_final, path_lost, path_final_label = CLOSED_STAGES, (Stage.CLOSED_LOST,), "Closed"
    active_link_fields = ("account", "campaign")
    prefill_parent_fields = ("account",)
    return_to_parent = False
    autocomplete_fields = ["account", "campaign"]
    header_actions = (
        "send_email_detail",
        "create_quote",
        "generate_order_detail",
        "generate_contract_detail",
    )
    related_lists = (
        products_related_list(),
        contact_roles_related_list(),
        opportunity_quotes_related_list(),
        opportunity_orders_related_list(),
        opportunity_contracts_related_list(),
        attachments_related_list(),
    )
    # Lightning's opportunity page: Products and Contact Roles beside Details.
    first_tab_cards = ("products", "contact_roles")
    list_display = (
        "name",
        "account_link",
        "stage_badge",
        "amount_display",
        "close_date_display",
        "owner_name",
    )
    list_display_links = ("name",)
    list_related_fields = {"account": ("name",), "owner": USER_NAME}
    list_filter = (
        StageFilter,
        OwnerFilter,
        ("close_date", RangeDateFilter),
        ("loss_reason", ChoicesDropdownFilter),
    )
    list_select_related = ("account", "owner")
    search_fields = ("name", "account__name")
    search_linked_first = True  # the accounts by name first, then the deals (kit.linked_search)
    ordering = ("close_date", "name")
    list_views = (
        ListView("my_open", "My open", lambda qs, r: views.my_open_opportunities(qs, user=r.user)),
        ListView(
            "closing_this_month",
            "Closing this month",
            lambda qs, r: views.opportunities_closing_this_month(qs),
        ),
        ListView(
            "won_this_quarter",
            "Won this quarter",
            lambda qs, r: views.opportunities_won_this_quarter(qs),
            ordering=("-close_date", "name"),
        ),
    )
    readonly_fields = (
        "stage",
        "probability",
        "forecast",
        "amount_display",
        "loss_reason",
        "loss_details",
    )
    fieldsets = (
        ("Opportunity", {"fields": ("name", "account", "close_date", "owner", "currency")}),
        (
            "Status",
            {
                "fields": (
                    "stage",
                    "probability",
                    "forecast",
                    "amount_display",
                    "loss_reason",
                    "loss_details",
                )
            },
        ),
        ("Details", {"fields": ("type", "lead_source", "campaign", "next_step", "description")}),
    )

    def lookup_allowed(self, lookup, value, request=None):
        # "View all" from a contact's Opportunities card lists the deals they have a role in.
        if lookup == "contact_roles__contact":
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        return super().get_queryset(request).with_amount().select_related("account", "owner")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "currency":
            return forms.ChoiceField(
                choices=currency_choices(),
                label="Currency",
                initial=default_currency(),
                widget=UnfoldAdminSelectWidget,
                help_text="Every line item of this opportunity is priced in this currency.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("currency", default_currency())
        return initial

    # --- columns ------------------------------------------------------------------------------
    account_link = short_column("Account", "account__name")
    # A deal still open after its close date has slipped: the date shows in red.
    close_date_display = date_column(
        "Close date", "close_date", late_if=lambda deal: deal.stage in OPEN_STAGES, label="past"
    )
    owner_name = owner_column()

    @display(
        description="Stage",
        ordering="stage",
        label={"Closed Won": "success", "Closed Lost": "danger"},
    )
    def stage_badge(self, obj):
        return obj.get_stage_display()

    amount_display = money_column("Amount", "amount")  # "—" on a row read without its amount

    @display(description="Forecast category")
    def forecast(self, obj):
        return obj.forecast_category

    # --- path: four open stages and one "Closed" chevron; its Close page asks Won or Lost -----
    def get_path_stage_url(self, obj, value):
        if value in CLOSED_STAGES:
            return reverse("admin:crm_opportunity_close", args=[obj.pk])
        return None

    def move_along_path(self, request, obj, *, target, version):
        change_stage(obj, stage=target, user=request.user, version=version)

    # --- the Close page (won or lost, with the loss reason) -------------------------------------
    def get_urls(self):
        close = path(
            "<pk:object_id>/close/",
            self.admin_site.admin_view(self.close_view),
            name="crm_opportunity_close",
        )
        return [close, *super().get_urls()]

    def close_view(self, request, object_id):
        obj = self.get_record_or_404(object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return confirm_record(self, request, obj, CLOSE)
