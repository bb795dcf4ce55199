"""Contacts: the list (joined with the account name) and the record page."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from djmoney.money import Money
from unfold.contrib.filters.admin import ChoicesDropdownFilter

from crm.admin.kit.attachments import attachments_related_list
from crm.admin.kit.columns import email_column, owner_column, phone_column
from crm.admin.kit.deactivation import CAME_FROM, ActiveFilter
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.kit.send_email import SendEmailMixin
from crm.admin.marketing.campaigns.admin import AddToCampaignActionMixin
from crm.admin.sales.accounts import (
    CONTACT_COLOR,
    CONTACT_ICON,
    OPPORTUNITY_COLOR,
    OPPORTUNITY_ICON,
    inactive_badge,
)
from crm.admin.service.cases.entry import NewCaseActionMixin, contact_cases_related_list
from crm.models import Account, Contact
from crm.models.accounts import NEEDS_ACCOUNT
from crm.record_urls import record_url
from crm.resources import ContactResource
from crm.selectors.accounts import direct_reports
from crm.selectors.opportunities import contact_opportunities


class ContactForm(VersionedAdminForm):
    class Meta:
        model = Contact
        fields = "__all__"
        error_messages = {"account": {"required": NEEDS_ACCOUNT}}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


@admin.register(Contact)
class ContactAdmin(
    CRMImportExportMixin, AddToCampaignActionMixin, NewCaseActionMixin, SendEmailMixin, RecordAdmin
):
    form = ContactForm
    actions = ["add_to_campaign"]
    header_actions = ("send_email_detail", "new_case")
    new_case_param = "contact"
    inline_edit_fields = ("title", "phone", "email")
    campaign_member_field = "contact"
    resource_classes = [ContactResource]
    highlight_fields = ("title", "account", "email_link", "phone", "owner")
    deactivate_confirmation = (
        "Are you sure you want to deactivate this contact? All historical data will be preserved."
    )
    deactivate_lands_on = CAME_FROM

    list_display = (
        "contact_name",
        "account_link",
        "title",
        "email_display",
        "phone_display",
        "owner_name",
    )
    list_display_links = ("contact_name",)
    list_related_fields = {"account": ("name",), "owner": USER_NAME, "reports_to": ()}
    list_select_related = ("account", "owner")
    search_fields = ("first_name", "last_name", "email", "account__name")
    search_linked_first = True  # the accounts first (crm.admin.kit.linked_search)
    search_help_text = "Search by contact name, email or account name"
    list_filter = (("lead_source", ChoicesDropdownFilter), OwnerFilter, ActiveFilter)
    ordering = ("last_name", "first_name", "pk")

    autocomplete_fields = ("account", "reports_to")
    active_link_fields = ("account", "reports_to")
    prefill_parent_fields = ("account",)
    readonly_fields = ("is_active", "created_at", "updated_at")
    fieldsets = (
        (
            "Contact information",
            {
                "fields": (
                    ("salutation", "owner"),
                    ("first_name", "last_name"),
                    ("account", "title"),
                    ("reports_to", "department"),
                    ("lead_source",),
                )
            },
        ),
        ("Contact details", {"fields": (("phone", "email"), ("mobile",))}),
        (
            "Mailing address",
            {
                "fields": (
                    "mailing_street",
                    ("mailing_city", "mailing_state"),
                    ("mailing_postal_code", "mailing_country"),
                )
            },
        ),
        ("Description information", {"fields": ("description",)}),
        ("System information", {"fields": (("created_at", "updated_at"), ("is_active",))}),
    )

    related_lists = (
        RelatedList(
            key="direct_reports",
            title="Direct Reports",
            icon=CONTACT_ICON,
            color=CONTACT_COLOR,
            rows=direct_reports,
            columns=(
                Column("Name", "full_name", link=True),
                Column("Title", "title"),
                Column("Email", "email"),
                Column("Phone", "phone"),
            ),
            view_all_params=lambda contact: {"reports_to": contact.pk},
        ),
        RelatedList(
            key="opportunities",
            title="Opportunities",
            icon=OPPORTUNITY_ICON,
            color=OPPORTUNITY_COLOR,
            rows=contact_opportunities,
            columns=(
                Column("Opportunity name", "name", link=True),
                Column("Account", "account.name"),
                Column("Stage", "get_stage_display"),
                Column("Amount", lambda o: Money(o.amount, o.currency)),
                Column("Close date", "close_date"),
            ),
            allow_new=False,  # a deal is opened from its account, then given contact roles
            view_all_params=lambda contact: {"contact_roles__contact": contact.pk},
        ),
        contact_cases_related_list(),
        attachments_related_list(),
    )

    @admin.display(description="Name", ordering="last_name")
    def contact_name(self, obj):
        return inactive_badge(obj, obj.full_name)

    email_display = email_column()
    phone_display = phone_column()
    owner_name = owner_column()

    @admin.display(description="Account name", ordering="account__name")
    def account_link(self, obj):
        url = record_url(Account, obj.account_id)
        return format_html('<a class="crm-link" href="{}">{}</a>', url, obj.account.name)

    @admin.display(description="Email", ordering="email")
    def email_link(self, obj):
        if not obj.email:
            return "—"
        return format_html('<a class="crm-link" href="mailto:{}">{}</a>', obj.email, obj.email)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account", "owner", "reports_to")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:-1]
        return self.fieldsets
