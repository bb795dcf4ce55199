"""Campaigns: the list and record page with the computed metrics of SPEC §6 (annotated once by
``with_metrics``), the status path, members and influenced deals; and the "Add to campaign"
bulk action shared by the lead and contact lists."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.columns import owner_column
from crm.admin.kit.confirm import confirm_child_removal
from crm.admin.kit.deactivation import ActiveFilter
from crm.admin.kit.feedback import refusals_as_toasts
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.money_columns import money_column
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.marketing.campaigns.lists import campaign_related_lists
from crm.admin.marketing.campaigns.web_to_lead import WEB_TO_LEAD_FIELDSET, WebToLeadKeyMixin
from crm.models import Campaign, CampaignMember, CampaignStatus, MemberStatus
from crm.record_urls import admin_url_name
from crm.selectors.campaigns import METRICS, campaign_roi, with_metrics
from crm.services.campaigns import add_members, remove_member

CAMPAIGN_ICON, CAMPAIGN_COLOR = "campaign", "#F49756"
ADDED = "{count} {noun} added to campaign '{campaign}'."
ALREADY = "{count} already in the campaign."
NOT_ADDED = "Not added — {reasons}"
ABORT_QUESTION = "Abort this campaign? It stops here and cannot be restarted."
REMOVE_QUESTION = "Remove '{person}' from campaign '{campaign}'?"


class AddToCampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.active().order_by("name"),
        empty_label="Select a campaign",
        widget=UnfoldAdminSelectWidget,
    )
    member_status = forms.ChoiceField(
        label="Member status",
        choices=MemberStatus.choices,
        initial=MemberStatus.SENT,
        widget=UnfoldAdminSelectWidget,
    )


class AddToCampaignActionMixin:
    """Bulk "Add to campaign" for a list of people. ``campaign_member_field`` names the kind
    of person ("lead" or "contact"); list the action in the admin's ``actions``."""

    campaign_member_field = "lead"

    def has_add_to_campaign_permission(self, request):
        return request.user.has_perm("crm.add_campaignmember")

    @admin.action(description="Add to campaign", permissions=["add_to_campaign"])
    def add_to_campaign(self, request, queryset):
        form = AddToCampaignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            campaign = form.cleaned_data["campaign"]
            kind = self.campaign_member_field
            with refusals_as_toasts(request):
                result = add_members(
                    campaign,
                    user=request.user,
                    status=form.cleaned_data["member_status"],
                    **{f"{kind}s": list(queryset)},
                )
                self._report(request, result, campaign)
            return None
        return TemplateResponse(
            request,
            "crm/campaigns/add_to_campaign.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Add to campaign",
                "objects": list(queryset[:100]),
                "selected_ids": list(queryset.values_list("pk", flat=True)),
                "count": queryset.count(),
                "form": form,
                "cancel_url": request.get_full_path(),
            },
        )

    def _report(self, request, result, campaign) -> None:
        meta = self.model._meta
        if result.added:
            noun = meta.verbose_name if result.added == 1 else meta.verbose_name_plural
            text = ADDED.format(count=result.added, noun=noun, campaign=campaign)
            if result.already:
                text = f"{text} {ALREADY.format(count=result.already)}"
            messages.success(request, text)
        elif result.already:
            messages.info(request, ALREADY.format(count=result.already).capitalize())
        if result.refused:
            messages.warning(request, NOT_ADDED.format(reasons="; ".join(result.refused)))


@admin.register(Campaign)
class CampaignAdmin(WebToLeadKeyMixin, RecordAdmin):
    highlight_fields = (
        "status",
        "leads_metric",
        "converted_metric",
        "contacts_metric",
        "responses_metric",
        "opportunities_metric",
        "won_metric",
        "won_amount_display",
        "roi_display",
    )
    path_field = "status"
    path_final = (CampaignStatus.COMPLETED, CampaignStatus.ABORTED)
    path_lost = (CampaignStatus.ABORTED,)
    transition_actions = (
        TransitionAction(
            "abort",
            "Abort",
            CampaignStatus.ABORTED,
            ABORT_QUESTION,
            "was aborted",
            icon="cancel",
            danger=True,
            condition=lambda campaign: campaign.is_active,
        ),
    )
    menu_actions = ("web_to_lead_key_detail",)
    deactivate_confirmation = (
        "Are you sure you want to deactivate this campaign? All historical data will be preserved."
    )

    list_display = (
        "name",
        "type",
        "status_badge",
        "start_date",
        "leads_metric",
        "responses_metric",
        "won_amount_display",
        "actual_cost",
        "owner_name",
    )
    list_display_links = ("name",)
    list_select_related = ("owner",)
    list_related_fields = {"owner": USER_NAME, "parent": ()}
    search_fields = ("name",)
    search_help_text = "Search by campaign name"
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("type", ChoicesDropdownFilter),
        OwnerFilter,
        ActiveFilter,
    )
    ordering = ("-start_date", "name", "pk")
    autocomplete_fields = ("parent",)
    active_link_fields = ("parent",)
    prefill_parent_fields = ("parent",)
    readonly_fields = ("status", "is_active", "created_at", "updated_at", "web_to_lead_form")
    fieldsets = (
        (
            "Campaign information",
            {
                "fields": (
                    ("name", "owner"),
                    ("type", "status"),
                    ("parent",),
                    ("start_date", "end_date"),
                )
            },
        ),
        ("Budget", {"fields": (("budgeted_cost", "actual_cost"), ("expected_revenue",))}),
        ("Description information", {"fields": ("description",)}),
        ("System information", {"fields": (("created_at", "updated_at"), ("is_active",))}),
    )
    related_lists = campaign_related_lists()

    # The metrics the list's columns show and sort by; the record page, exports and the
    # rest read them all.
    list_metrics = ("lead_count", "response_count", "won_amount")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("owner", "parent")
        match = getattr(request, "resolver_match", None)
        on_list = match is not None and match.view_name == admin_url_name(Campaign, "changelist")
        return with_metrics(queryset, only=self.list_metrics if on_list else METRICS)

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, WEB_TO_LEAD_FIELDSET) if obj is not None else self.fieldsets[:-1]

    # --- metrics (annotated by with_metrics) --------------------------------------------------
    @display(description="Leads", ordering="lead_count")
    def leads_metric(self, obj):
        return obj.lead_count

    @display(description="Converted leads")
    def converted_metric(self, obj):
        return obj.converted_lead_count

    @display(description="Contacts")
    def contacts_metric(self, obj):
        return obj.contact_count

    @display(description="Responses", ordering="response_count")
    def responses_metric(self, obj):
        return obj.response_count

    @display(description="Opportunities")
    def opportunities_metric(self, obj):
        return obj.opportunity_count

    @display(description="Won opportunities")
    def won_metric(self, obj):
        return obj.won_opportunity_count

    won_amount_display = money_column("Won amount", "won_amount")
    owner_name = owner_column()

    @display(description="ROI")
    def roi_display(self, obj):
        value = campaign_roi(obj)
        return "—" if value is None else f"{value * 100:.1f}%"

    @display(
        description="Status",
        ordering="status",
        label={"In Progress": "info", "Completed": "success", "Aborted": "danger"},
    )
    def status_badge(self, obj):
        return obj.get_status_display()

    def get_path_stage_url(self, obj, value):
        if value == CampaignStatus.ABORTED:  # its confirmation asks first
            return reverse("admin:crm_campaign_abort_detail", args=[obj.pk])
        return None

    # --- removing a member (the one deletion SPEC §4 allows here) -------------------------------
    def get_urls(self):
        remove = path(
            "<pk:object_id>/members/<int:member_id>/remove/",
            self.admin_site.admin_view(self.remove_member_view),
            name="crm_campaign_remove_member",
        )
        return [remove, *super().get_urls()]

    def remove_member_view(self, request, object_id, member_id):
        member = get_object_or_404(
            CampaignMember.objects.select_related("campaign", "lead", "contact"),
            pk=member_id,
            campaign_id=object_id,
        )
        if not request.user.has_perm("crm.delete_campaignmember"):
            raise PermissionDenied

        return confirm_child_removal(
            self,
            request,
            member.campaign,
            member,
            question=REMOVE_QUESTION.format(person=member, campaign=member.campaign),
            remove=lambda: remove_member(member, user=request.user),
            removed=f"'{member}' was removed from campaign '{member.campaign}'.",
        )
