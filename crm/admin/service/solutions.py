"""Solutions: the answers the team recorded for cases. "New Solution" on a case opens this form
with ``?cases=<id>``; saving creates the solution and links it to that case in one step."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from unfold.decorators import display

from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.related_reads import USER_NAME
from crm.ids import parse_id
from crm.models.support import Case, Solution
from crm.objects import style_of
from crm.selectors.cases import solution_cases
from crm.services import records
from crm.services.cases import create_linked_solution

CASE_PARAM = "cases"
STATUS_COLORS = {"Draft": "info", "Reviewed": "success", "Duplicate": "warning"}


class SolutionForm(VersionedAdminForm):
    class Meta:
        model = Solution
        fields = "__all__"
        widgets = {"details": forms.Textarea(attrs={"rows": 8})}


def cases_related_list(rows, *, link_field: str) -> RelatedList:
    """The Cases card of a solution or an article; "View all" lists every linked case."""
    return RelatedList(
        key="cases",
        title="Cases",
        icon=style_of("case").icon,
        color=style_of("case").color,
        rows=rows,
        allow_new=False,  # a solution or an article is linked from the case
        view_all_params=lambda record: {link_field: record.pk, "view": "all"},
        columns=(
            Column("Case number", "number", link=True),
            Column("Subject", "subject"),
            Column("Account", "account.name"),
            Column("Status", "get_status_display"),
        ),
    )


@admin.register(Solution)
class SolutionAdmin(RecordAdmin):
    form = SolutionForm
    highlight_fields = ("status", "owner", "updated_at")
    list_display = ("title", "status_pill", "owner", "updated_at")
    list_display_links = ("title",)
    list_select_related = ("owner",)
    list_related_fields = {"owner": USER_NAME}
    list_filter = ("status", OwnerFilter)
    search_fields = ("title", "details")
    search_help_text = "Search by title or details"
    ordering = ("title", "pk")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        ("Solution", {"fields": (("title", "status"), "owner", "details")}),
        ("System information", {"fields": (("created_at", "updated_at"),)}),
    )
    related_lists = (cases_related_list(solution_cases, link_field="solutions"),)

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_pill(self, obj):
        return obj.get_status_display()

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.fieldsets[:1]

    def case_to_link(self, request) -> Case | None:
        """The case a "New Solution" form was opened from, if the user may change it."""
        case_id = parse_id(request.GET.get(CASE_PARAM))
        if case_id is None or not request.user.has_perm("crm.change_case"):
            return None
        return Case.objects.filter(pk=case_id).first()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        case = self.case_to_link(request) if add else None
        if case is not None:
            context["subtitle"] = f"Linked to {case} when saved"
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        case = None if change else self.case_to_link(request)
        if case is None:
            return super().save_model(request, obj, form, change)
        if not records.is_admin(request.user):
            obj.owner = request.user
        records.check_owner_choice(user=request.user, record=obj, owner=obj.owner)
        create_linked_solution(obj, case=case, user=request.user)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        case = self.case_to_link(request)
        if case is None or "_continue" in request.POST or "_addanother" in request.POST:
            return response
        url = reverse("admin:crm_case_change", args=[case.pk])
        return HttpResponseRedirect(f"{url}#related")
