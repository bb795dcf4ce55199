"""Activities: All activities (filters, export, bulk "Mark complete"), My tasks (the same list
with a quick view: Today, Overdue, This week, All open) and the New Task / New Event forms,
which show only their type's fields (``?type=task|event``) and pre-fill what or who when
opened from a record's Activity tab."""

import datetime

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from import_export.formats.base_formats import CSV, XLSX
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import display

from crm.admin.activities.completing import TaskCompletionMixin
from crm.admin.activities.composer import ComposerMixin
from crm.admin.activities.composer_form import CALL, KINDS, event_defaults
from crm.admin.activities.forms import ActivityForm, AssigneeFilter, KindFilter, MyTasksFilter
from crm.admin.kit.activity_tab import admin_url
from crm.admin.kit.columns import in_red, is_past, owner_column
from crm.admin.kit.escaping import escaped
from crm.admin.kit.exporting import CheckedExportMixin
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.list_views import ListView
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.formatting import local_date
from crm.ids import parse_id
from crm.models.activities import Activity, ActivityType
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.objects import style_of
from crm.resources.activities import ActivityResource
from crm.selectors.activities import MY_TASK_VIEWS, ROW_LINKS, my_tasks_filter

TYPE_PARAM = "type"

TASK_FIELDS = (("due_date", "status"), ("priority",))
# Start and End on rows of their own: side by side, End's date-and-time pair lost its label
# and ran past the card (issue 25).
EVENT_FIELDS = ("start_time", "end_time", ("is_all_day_event", "location"))


# What the "Related To" / "Name" links show of each kind of record: its name (``__str__``);
# a case, order or contract is named by its number, its id.
LINK_NAMES = {
    "related_account": ("name",),
    "related_opportunity": ("name",),
    "related_campaign": ("name",),
    "related_case": (),
    "related_order": (),
    "related_quote": ("name",),
    "related_contract": (),
    "contact": ("first_name", "last_name"),
    "lead": ("first_name", "last_name"),
}


KIND_HTML: dict[tuple, str] = {}  # (type, task subtype, language) → its kind_html


def kind_html(kind: str, label: str) -> str:
    """An activity's kind with its icon."""
    return format_html(
        '<span class="crm-activity-kind"><span class="material-symbols-outlined" '
        'aria-hidden="true">{}</span>{}</span>',
        style_of(kind).icon,
        label,
    )


@admin.register(Activity)
class ActivityAdmin(TaskCompletionMixin, ComposerMixin, CheckedExportMixin, RecordAdmin):
    form = ActivityForm
    resource_classes = [ActivityResource]
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    actions = ["mark_complete"]
    # The list's create buttons (crm_shell.create_buttons): "New Task" and "New Event".
    add_variants = (
        ("Task", {TYPE_PARAM: ActivityType.TASK}, "add_task"),
        ("Event", {TYPE_PARAM: ActivityType.EVENT}, "event"),
    )
    highlight_fields = ("type_label", "when", "assigned_to", "what_link", "who_link")
    list_display = (
        "subject",
        "type_label",
        "status",
        "when",
        "assignee_name",
        "what_link",
        "who_link",
    )
    list_display_links = ("subject",)
    list_select_related = ("assigned_to",)
    list_related_fields = {"assigned_to": USER_NAME, **LINK_NAMES}
    # "Related To" and "Name": one of nine kinds of record each, read per kind on the page
    # (crm.admin.kit.related_reads) rather than joined, which cost 30 ms of query planning.
    list_prefetch_related = ROW_LINKS
    search_fields = ("subject", "location")
    search_help_text = "Search by subject or location"
    list_filter = (
        MyTasksFilter,
        KindFilter,
        ("status", ChoicesDropdownFilter),
        AssigneeFilter,
        OwnerFilter,
        ("activity_date", RangeDateFilter),
    )
    ordering = ("-activity_date", "-pk")
    # "My Activities" are those assigned to me; My tasks' quick views, soonest due first.
    list_view_owner_field = "assigned_to"
    list_views = tuple(
        ListView(
            key,
            label,
            lambda qs, request, key=key: qs.filter(my_tasks_filter(user=request.user, view=key)),
            ordering=("due_date", "pk"),
        )
        for key, label in MY_TASK_VIEWS.items()
    )
    # "N of 200,000" would COUNT the whole table on every page of My tasks.
    show_full_result_count = False
    autocomplete_fields = (*WHAT_FIELDS, *WHO_FIELDS)
    prefill_parent_fields = (*WHAT_FIELDS, *WHO_FIELDS)
    readonly_fields = ("completed_at", "created_at", "updated_at")

    def has_change_permission(self, request, obj=None):
        """An Email activity is the record of what was sent (the outbox): read-only."""
        if obj is not None and obj.is_email:
            return False
        return super().has_change_permission(request, obj)

    # --- one form per type ----------------------------------------------------------------------
    def activity_type(self, request, obj=None) -> str:
        if obj is not None and obj.pk:
            return obj.type
        requested = request.GET.get(TYPE_PARAM, "")
        source = request.GET.get("clone", "")
        if requested not in ActivityType.values and (source_id := parse_id(source)) is not None:
            # "Clone" opens the add form of the source's type.
            requested = Activity.objects.filter(pk=source_id).values_list("type", flat=True)
            requested = requested.first() or ""
        return requested if requested in ActivityType.values else ActivityType.TASK

    def get_fieldsets(self, request, obj=None):
        is_task = self.activity_type(request, obj) == ActivityType.TASK
        own = TASK_FIELDS if is_task else EVENT_FIELDS
        fieldsets = [
            (None, {"fields": (("subject", "assigned_to"), *own)}),
            ("Related To", {"fields": WHAT_FIELDS}),
            ("Name", {"fields": WHO_FIELDS}),
            ("Comments", {"fields": ("description",)}),
        ]
        if obj is not None and obj.pk:
            system = ("completed_at", "created_at", "updated_at") if is_task else ("created_at",)
            fieldsets.append(("System information", {"fields": system}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        kind = self.activity_type(request, obj)
        user = request.user

        class TypedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                if self.instance.pk is None:
                    self.instance.type = kind
                    if "assigned_to" in self.fields and not self.initial.get("assigned_to"):
                        self.initial["assigned_to"] = user.pk

        TypedForm.__name__ = form_class.__name__
        return TypedForm

    def add_view(self, request, form_url="", extra_context=None):
        """Titled "New Task" / "New Event"; "Log a Call" is the composer's (a call is logged,
        not planned: no status or priority to choose)."""
        if request.GET.get(TYPE_PARAM) == CALL:
            query = request.GET.urlencode()
            return HttpResponseRedirect(f"{reverse('admin:crm_activity_compose')}?{query}")
        title = KINDS[self.activity_type(request)]
        extra_context = {**(extra_context or {}), "title": title}
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        """A calendar slot click pre-fills start and end (ISO, with or without an offset; an
        all-day slot's end is exclusive, as FullCalendar sends it); a New Event without them
        starts at the next full hour and lasts an hour."""
        initial = super().get_changeform_initial_data(request)
        if self.activity_type(request) == ActivityType.EVENT and not request.GET.get("clone"):
            initial["start_time"], initial["end_time"] = (
                timezone.localtime(moment) for moment in event_defaults()
            )
        all_day = request.GET.get("is_all_day_event") == "1"
        for name in ("start_time", "end_time"):
            raw = request.GET.get(name, "")
            if not raw:
                continue  # e.g. a clone's own times
            initial.pop(name, None)
            try:
                moment = datetime.datetime.fromisoformat(raw.replace(" ", "+"))
            except ValueError:
                moment = None
            if moment is None:
                continue
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            if all_day and name == "end_time" and len(raw) == 10:
                moment -= datetime.timedelta(days=1)
            initial[name] = timezone.localtime(moment)
        if all_day:
            initial["is_all_day_event"] = True
        return initial

    def created_message(self, obj) -> str:
        return f"{obj.get_type_display()} '{obj}' was created."

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        # Back to the Activity tab of the record the form was opened from.
        location = response.get("Location", "")
        if response.status_code == 302 and location.endswith("#related"):
            response["Location"] = location[: -len("#related")] + "#activity"
        return response

    # --- columns ------------------------------------------------------------------------------
    @display(description="Type", ordering="type")
    def type_label(self, obj):
        """Task, Call (a phone) or Event, with its icon."""
        key = (obj.type, obj.task_subtype, get_language())
        html = KIND_HTML.get(key)
        if html is None:  # a label is looked up among the choices: once per kind and language
            html = KIND_HTML[key] = kind_html(obj.kind, obj.kind_label)
        return html

    @display(description="Date", ordering="activity_date")
    def when(self, obj):
        if obj.is_task:
            if obj.is_open_task and is_past(obj.due_date):
                return in_red(local_date(obj.due_date), label="overdue")
            return obj.due_date
        return obj.start_time

    assignee_name = owner_column("Assigned to", "assigned_to")

    @display(description="Related To")
    def what_link(self, obj):
        return self._link(obj.what)

    @display(description="Name")
    def who_link(self, obj):
        return self._link(obj.who)

    def _link(self, record):
        if record is None:
            return "—"
        url = admin_url(record)
        if not url:
            return record
        return SafeString(f'<a class="crm-link" href="{escaped(url)}">{escaped(record)}</a>')

    def get_ordering(self, request):
        if request.GET.get(MyTasksFilter.parameter_name) in MY_TASK_VIEWS:
            return ("due_date", "pk")  # My tasks: soonest due first
        return super().get_ordering(request)

    def get_urls(self):
        extra = [
            url_path(
                "<pk:object_id>/complete/",
                self.admin_site.admin_view(self.complete_view),
                name="crm_activity_complete",
            )
        ]
        return extra + self.composer_urls() + super().get_urls()
