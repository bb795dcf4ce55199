"""Campaign members: a list to review responses across campaigns, the form to add one person
or record a response, and CSV / XLSX import by campaign name + lead/contact email."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RelatedDropdownFilter

from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.models import CampaignMember
from crm.resources import CampaignMemberResource


class CampaignMemberForm(forms.ModelForm):
    """Members carry no version (they are not in SPEC §4's list): a plain model form."""

    class Meta:
        model = CampaignMember
        fields = ["campaign", "lead", "contact", "status", "responded_at"]


@admin.register(CampaignMember)
class CampaignMemberAdmin(CRMImportExportMixin, RecordAdmin):
    form = CampaignMemberForm
    resource_classes = [CampaignMemberResource]
    highlight_fields = ("campaign", "member_type", "status", "responded_at")

    list_display = ("member_name", "member_type", "campaign", "status", "responded_at")
    list_select_related = ("campaign", "lead", "contact")
    list_related_fields = {
        "campaign": ("name",),
        "lead": ("first_name", "last_name"),
        "contact": ("first_name", "last_name"),
    }
    list_filter = (("campaign", RelatedDropdownFilter), ("status", ChoicesDropdownFilter))
    search_fields = (
        "lead__first_name",
        "lead__last_name",
        "lead__email",
        "contact__first_name",
        "contact__last_name",
        "contact__email",
        "campaign__name",
    )
    search_help_text = "Search by name, email or campaign"
    ordering = ("-created_at", "pk")
    list_view_owner_field = "campaign__owner"  # "My Campaign Members": of my campaigns
    autocomplete_fields = ("campaign", "lead", "contact")
    active_link_fields = ("campaign", "contact")
    prefill_parent_fields = ("campaign",)
    fields = ("campaign", "lead", "contact", "status", "responded_at")

    @admin.display(description="Name")
    def member_name(self, obj):
        person = obj.person
        if person is None:
            return "—"
        kind = "lead" if obj.lead_id else "contact"
        url = reverse(f"admin:crm_{kind}_change", args=[person.pk])
        return format_html('<a class="crm-link" href="{}">{}</a>', url, person)

    @admin.display(description="Type")
    def member_type(self, obj):
        return obj.member_type
