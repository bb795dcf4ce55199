"""Cases: the support queue (open cases, most urgent and oldest first, with quick views and
bulk Assign / Close) and the case page (highlights, status path, Start / Escalate / Close /
Reopen through ``crm.services.cases``, the resolution, linked solutions and articles,
attachments, history)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.columns import owner_column, short_column, truncated
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.list_views import ListView
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.kit.send_email import SendEmailMixin
from crm.admin.service.cases.close import CaseCloseMixin
from crm.admin.service.cases.links import CaseLinksMixin
from crm.models.support import Case, CaseStatus
from crm.selectors import cases as selectors
from crm.services import cases as services

PRIORITY_COLORS = {"High": "danger", "Medium": "warning", "Low": "info"}
STATUS_COLORS = {
    "New": "info",
    "In Progress": "warning",
    "Escalated": "danger",
    "Closed": "success",
}
STATUS_PARAM = "status__exact"  # the Status filter's parameter (list_filter "status")


class CaseForm(VersionedAdminForm):
    class Meta:
        model = Case
        fields = "__all__"
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


def _with_status_filter(key: str, request) -> str:
    """In the open queue, a Status filter looks at every case: "Closed" must not come up
    empty just because the default view is the open queue."""
    if key == selectors.ALL_OPEN and STATUS_PARAM in request.GET:
        return selectors.ALL_CASES
    return key


def _queue_view(key: str, order=selectors.QUEUE_ORDER, sort_label="Priority, then oldest"):
    """One of the queue's quick views as a list view (``?view=<key>``, crm.admin.kit)."""
    return ListView(
        key,
        selectors.QUEUE_VIEWS[key],
        lambda queryset, request: selectors.queue_view(
            queryset, view=_with_status_filter(key, request), user=request.user
        ),
        ordering=tuple(order),
        sort_label=sort_label,
    )


def _service(named):
    """Adapt a named case service to the kit's ``service(record, *, target, user, version)``."""

    def run(record, *, target, user, version):
        return named(record, user=user, version=version)

    return run


def age(case, now=None) -> str:
    """ "3 d" (or "5 h" on its first day): how long the case has been waiting, or took."""
    end = case.closed_at or now or timezone.now()
    seconds = max((end - case.created_at).total_seconds(), 0)
    days = int(seconds // 86400)
    return f"{days} d" if days else f"{int(seconds // 3600)} h"


@admin.register(Case)
class CaseAdmin(CaseCloseMixin, CaseLinksMixin, SendEmailMixin, RecordAdmin):
    form = CaseForm
    highlight_fields = ("subject", "account", "contact", "priority", "status", "owner")
    first_tab_cards = ("articles",)  # the knowledge that answers the case, beside its Details
    path_field = "status"
    path_final = (CaseStatus.CLOSED,)
    inline_edit_fields = ("priority", "status")
    transition_actions = (
        TransitionAction(
            "start",
            "Start",
            CaseStatus.IN_PROGRESS,
            "Start working on {record}?",
            "was started",
            icon="play_arrow",
            service=_service(services.start_case),
            condition=lambda case: case.status == CaseStatus.NEW,
        ),
        TransitionAction(
            "escalate",
            "Escalate",
            CaseStatus.ESCALATED,
            "Escalate {record}? It moves to the top of the Escalated view.",
            "was escalated",
            icon="priority_high",
            danger=True,
            service=_service(services.escalate_case),
        ),
        TransitionAction(
            "reopen",
            "Reopen",
            CaseStatus.IN_PROGRESS,
            "Reopen {record}? Its resolution is cleared (the history keeps it).",
            "was reopened",
            icon="replay",
            service=_service(services.reopen_case),
            condition=lambda case: case.status == CaseStatus.CLOSED,
        ),
    )
    header_actions = ("close_detail", "send_email_detail")
    actions = ["close_selected"]
    prefill_parent_fields = ("contact", "account")
    return_to_parent = False
    autocomplete_fields = ("account", "contact", "asset")
    active_link_fields = ("account", "contact")

    list_display = (
        "number_link",
        "subject",
        "account_name",
        "contact_name",
        "priority_pill",
        "status_pill",
        "age_display",
        "owner_name",
    )
    list_display_links = ("number_link",)
    # The queue's quick views; the support queue (All open cases) is the default.
    list_views = (
        _queue_view(selectors.MY_OPEN),
        _queue_view(selectors.ALL_OPEN),
        _queue_view(selectors.ESCALATED),
        _queue_view(selectors.CLOSED_THIS_MONTH, selectors.CLOSED_ORDER, "Closed date ↓"),
        _queue_view(selectors.ALL_CASES, ("-created_at", "-pk"), "Opened ↓"),
    )
    default_list_view = selectors.ALL_OPEN
    list_select_related = ("account", "contact", "owner")
    list_related_fields = {
        "account": ("name",),
        "contact": ("first_name", "last_name"),
        "owner": USER_NAME,
    }
    search_fields = ("subject", "account__name", "contact__first_name", "contact__last_name")
    search_help_text = "Search by case number, subject, account or contact"
    list_filter = ("status", "priority", "origin", "type", OwnerFilter)
    readonly_fields = ("status", "closed_at", "resolution", "created_at", "updated_at")
    fieldsets = (
        (
            "Case information",
            {
                "fields": (
                    ("subject", "owner"),
                    ("account", "contact"),
                    ("asset", "status"),
                    ("priority",),
                    ("origin", "type"),
                )
            },
        ),
        ("Description information", {"fields": ("description",)}),
        ("Resolution", {"fields": ("closed_at", "resolution")}),
        ("System information", {"fields": (("created_at", "updated_at"),)}),
    )

    def get_queryset(self, request):
        return selectors.with_queue_columns(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return found | selectors.search_cases(queryset, search_term), may_have_duplicates

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:2]
        if obj.status != CaseStatus.CLOSED:
            return (*self.fieldsets[:2], self.fieldsets[3])
        return self.fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "change_owner_selected" in actions:  # the kit's bulk Change Owner, in queue words
            func, name, _ = actions["change_owner_selected"]
            actions["change_owner_selected"] = (func, name, "Assign to…")
        return actions

    # --- New Case from an account or a contact: both pre-filled and locked -------------------
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        prefill = self.prefilled_parent(request)
        if prefill is not None and prefill[0] == "contact":
            initial["account"] = prefill[1].account_id
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        prefill = None if obj is not None else self.prefilled_parent(request)
        if prefill is None:
            return form_class
        name, parent = prefill
        account_id = parent.account_id if name == "contact" else parent.pk

        class CaseFromParentForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                account = self.fields.get("account")
                if account is not None:
                    account.initial, account.disabled = account_id, True
                contact = self.fields.get("contact")
                if contact is not None and name == "account":
                    # The account's few contacts as a plain list, not a search of all contacts.
                    contact.queryset = contact.queryset.filter(account_id=account_id)
                    contact.widget = UnfoldAdminSelectWidget()
                    contact.widget.choices = contact.choices

        CaseFromParentForm.__name__ = form_class.__name__
        return CaseFromParentForm

    # --- columns ------------------------------------------------------------------------------
    @display(description="Case number", ordering="id")
    def number_link(self, obj):
        return obj.number

    account_name = short_column("Account", "account__name")
    owner_name = owner_column()

    @display(description="Contact", ordering="contact__last_name")
    def contact_name(self, obj):
        return truncated(obj.contact.full_name) if obj.contact_id else "—"

    @display(description="Priority", ordering="priority_rank", label=PRIORITY_COLORS)
    def priority_pill(self, obj):
        return obj.get_priority_display()

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_pill(self, obj):
        return obj.get_status_display()

    # Ascending age is the newest case first (age counts from creation).
    @display(description="Age", ordering="-created_at")
    def age_display(self, obj):
        return age(obj)

    # --- header -------------------------------------------------------------------------------
    def get_highlight_badges(self, request, obj):
        return [("Closed", "success")] if obj.status == CaseStatus.CLOSED else []

    def is_path_stage_allowed(self, value, allowed_targets):
        # Escalation is an exception, not the next step: it has its own header button, so
        # "Mark Stage as Complete" on a case in progress leads to Close (with its resolution).
        return value != CaseStatus.ESCALATED and value in allowed_targets

    def get_path_stage_url(self, obj, value):
        if value == CaseStatus.CLOSED:
            return reverse("admin:crm_case_close_detail", args=[obj.pk])
        return None

    def move_along_path(self, request, obj, *, target, version):
        services.move_case(obj, target=target, user=request.user, version=version)
