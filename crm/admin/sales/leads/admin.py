"""Leads: the list (open leads by default, filters, search, import/export, Add to campaign,
the lead source report) and the record page (highlights with the status actions and Convert,
the status path, details, campaign history, history). A converted lead is view-only and shows
what it became."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from crm.admin.kit.columns import day_text, email_column, owner_column, phone_column
from crm.admin.kit.filters import MINE, OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.list_views import ListView
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.kit.send_email import SendEmailMixin
from crm.admin.marketing.campaigns.admin import AddToCampaignActionMixin
from crm.admin.sales.leads.conversion import LeadConversionMixin
from crm.admin.sales.leads.sources import LeadSourceReportMixin
from crm.admin.sales.leads.status import LEAD_STATUS_ACTIONS
from crm.models import Lead, LeadStatus
from crm.resources import LeadResource
from crm.selectors import list_views as views
from crm.selectors.leads import lead_campaign_history
from crm.services.leads import change_status

LEAD_ICON, LEAD_COLOR = "person_search", "#FF5D2D"
NOT_CONVERTED, OPEN, ALL = "unconverted", "open", "all"
STATUS_COLORS = {
    "New": "info",
    "Contacted": "warning",
    "Qualified": "success",
    "Unqualified": "danger",
    "Converted": "success",
}


class LeadStatusFilter(admin.SimpleListFilter):
    """Salesforce's lead list hides converted leads; "All leads" shows them too."""

    title = "status"
    parameter_name = "status"
    default_value, cleared_value = NOT_CONVERTED, ALL  # a chip above the list (kit list_summary)

    def lookups(self, request, model_admin):
        return [
            (NOT_CONVERTED, "All but converted"),
            (OPEN, "Open (new, contacted, qualified)"),
            *LeadStatus.choices,
            (ALL, "All leads"),
        ]

    def choices(self, changelist):
        value = self.value() or NOT_CONVERTED
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or NOT_CONVERTED
        if value == OPEN:
            return queryset.open()
        if value in LeadStatus.values:
            return queryset.filter(status=value)
        return queryset if value == ALL else queryset.unconverted()


class LeadOwnerFilter(OwnerFilter):
    """ "My open leads" first (the salesperson's to-do list), then every active user."""

    def lookups(self, request, model_admin):
        _, *users = super().lookups(request, model_admin)
        return [(MINE, "My open leads"), *users]

    def queryset(self, request, queryset):
        if self.value() == MINE:
            return queryset.filter(owner=request.user).open()
        return super().queryset(request, queryset)


class LeadForm(VersionedAdminForm):
    class Meta:
        model = Lead
        fields = "__all__"
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        # Salesforce's lead address labels (the columns share the address_ prefix).
        labels = {
            "address_street": "Street",
            "address_city": "City",
            "address_state": "State/Province",
            "address_postal_code": "Zip/Postal Code",
            "address_country": "Country",
        }


@admin.register(Lead)
class LeadAdmin(
    CRMImportExportMixin,
    AddToCampaignActionMixin,
    LeadConversionMixin,
    LeadSourceReportMixin,
    SendEmailMixin,
    RecordAdmin,
):
    form = LeadForm
    resource_classes = [LeadResource]
    highlight_fields = ("company", "status", "lead_source", "email_link", "phone", "owner")
    path_field = "status"
    inline_edit_fields = ("status",)
    path_hints = {LeadStatus.CONVERTED: "Convert into an account, a contact and an opportunity"}
    # New → Contacted → Qualified → Closed (Converted, or Unqualified; "New" reopens it).
    path_final, path_lost, path_final_label = (
        (LeadStatus.CONVERTED, LeadStatus.UNQUALIFIED),
        (LeadStatus.UNQUALIFIED,),
        "Closed",
    )
    change_form_outer_before_template = "crm/leads/record_page_top.html"
    actions = ["add_to_campaign"]
    actions_list = ["lead_source_report"]
    header_actions = ("convert_detail", "send_email_detail")
    transition_actions = LEAD_STATUS_ACTIONS
    campaign_member_field = "lead"

    list_display = (
        "lead_name",
        "company",
        "email_display",
        "phone_display",
        "status_badge",
        "lead_source",
        "owner_name",
        "created",
    )
    list_display_links = ("lead_name",)
    list_related_fields = {"owner": USER_NAME, "campaign": ()}
    list_select_related = ("owner",)
    search_fields = ("first_name", "last_name", "company", "email")
    search_help_text = "Search by name, company or email"
    list_filter = (
        LeadStatusFilter,
        ("lead_source", ChoicesDropdownFilter),
        ("industry", ChoicesDropdownFilter),
        LeadOwnerFilter,
        ("created_at", RangeDateFilter),
    )
    ordering = ("-created_at", "-pk")
    list_views = (
        ListView("my_open", "My open leads", lambda qs, r: views.my_open_leads(qs, user=r.user)),
        ListView("today", "Today's leads", lambda qs, r: views.leads_created_today(qs)),
    )

    autocomplete_fields = ("campaign",)
    active_link_fields = ("campaign",)
    readonly_fields = ("status", "created_at", "updated_at")
    fieldsets = (
        (
            "Lead information",
            {
                "fields": (
                    ("first_name", "last_name"),
                    ("company", "title"),
                    ("email", "phone"),
                    ("website", "owner"),
                    ("lead_source", "industry"),
                    ("campaign", "status"),
                )
            },
        ),
        (
            "Address information",
            {
                "fields": (
                    "address_street",
                    ("address_city", "address_state"),
                    ("address_postal_code", "address_country"),
                )
            },
        ),
        ("Description information", {"fields": ("description",)}),
        ("System information", {"fields": (("created_at", "updated_at"),)}),
    )
    related_lists = (
        RelatedList(
            key="campaign_history",
            title="Campaign History",
            icon="campaign",
            color="#F49756",
            rows=lead_campaign_history,
            parent_field="lead",
            allow_new=False,
            columns=(
                Column(
                    "Campaign",
                    "campaign.name",
                    link=lambda m: reverse("admin:crm_campaign_change", args=[m.campaign_id]),
                ),
                Column("Member status", "get_status_display"),
                Column("Responded on", "responded_at"),
                Column("Added on", "created_at"),
            ),
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner", "campaign")

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.fieldsets[:-1]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            queryset = queryset.unconverted()  # a converted lead joins nothing new
        return queryset, may_have_duplicates

    def has_change_permission(self, request, obj=None):
        # A converted lead is read-only everywhere (SPEC §6); the model refuses too.
        if obj is not None and obj.is_converted:
            return False
        return super().has_change_permission(request, obj)

    # --- columns ------------------------------------------------------------------------------
    @display(description="Name", ordering="last_name")
    def lead_name(self, obj):
        return obj.full_name

    email_display = email_column()
    phone_display = phone_column()
    owner_name = owner_column()

    @display(description="Created", ordering="created_at")
    def created(self, obj):
        return day_text(timezone.localtime(obj.created_at).date())

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()

    @display(description="Email", ordering="email")
    def email_link(self, obj):
        if not obj.email:
            return "—"
        return format_html('<a class="crm-link" href="mailto:{}">{}</a>', obj.email, obj.email)

    # --- record header ------------------------------------------------------------------------
    def get_highlight_badges(self, request, obj):
        if obj.is_converted:
            return [("Converted", "success")]
        if obj.status == LeadStatus.UNQUALIFIED:
            return [("Unqualified", "warning")]
        return []

    def get_path_stage_url(self, obj, value):
        if value == LeadStatus.CONVERTED:
            return reverse("admin:crm_lead_convert", args=[obj.pk])
        if value == LeadStatus.UNQUALIFIED:  # its confirmation asks first
            return reverse("admin:crm_lead_disqualify_detail", args=[obj.pk])
        return None

    def move_along_path(self, request, obj, *, target, version):
        change_status(obj, status=target, user=request.user, version=version)
