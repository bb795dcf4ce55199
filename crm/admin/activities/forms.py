"""The activity form and the activity list's two own filters (assignee, My tasks' views)."""

from unfold.contrib.filters.admin import DropdownFilter
from unfold.widgets import UnfoldAdminTextareaWidget

from crm.admin.activities.composer_form import event_defaults
from crm.admin.kit.filters import MINE
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.owner import owner_choices
from crm.ids import parse_id
from crm.models import User
from crm.models.activities import Activity, ActivityType, TaskSubtype
from crm.selectors.activities import MY_TASK_VIEWS, my_tasks_filter


class ActivityForm(VersionedAdminForm):
    class Meta:
        model = Activity
        fields = "__all__"
        # Unfold's own textarea: a plain Textarea had no visible box (issue 25).
        widgets = {"description": UnfoldAdminTextareaWidget(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = self.fields.get("assigned_to")
        if assignee is not None:
            assignee.queryset = User.objects.filter(is_active=True).order_by(
                "first_name", "last_name"
            )

    def clean(self):
        """An event saved without times starts at the next full hour and lasts an hour (or
        ends an hour after the start given) rather than being refused (issue 25)."""
        data = super().clean()
        times = {"start_time", "end_time"}
        if (
            self.instance.type == ActivityType.EVENT
            and times <= self.fields.keys()
            and not self.errors.keys() & times
        ):
            data["start_time"], data["end_time"] = event_defaults(
                data.get("start_time"), data.get("end_time")
            )
        return data


class KindFilter(DropdownFilter):
    """Type: Task (calls and emails included: both are tasks), Call, Email, Event — under the
    type filter's old parameter, so saved views and links keep working."""

    title = "type"
    parameter_name = "type__exact"

    def lookups(self, request, model_admin):
        return [
            (ActivityType.TASK.value, "Task"),
            (TaskSubtype.CALL.value, "Call"),
            (TaskSubtype.EMAIL.value, "Email"),
            (ActivityType.EVENT.value, "Event"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in TaskSubtype.values:
            return queryset.filter(type=ActivityType.TASK, task_subtype=value)
        if value in ActivityType.values:
            return queryset.filter(type=value)
        return queryset


class AssigneeFilter(DropdownFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        # The active users, read once per request with the owner filter's (by name or email).
        return [(MINE, "Assigned to me"), *owner_choices(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == MINE:
            return queryset.filter(assigned_to=request.user)
        if (user_id := parse_id(value)) is not None:
            return queryset.filter(assigned_to_id=user_id)
        return queryset


class MyTasksFilter(DropdownFilter):
    """My tasks' quick views: open tasks assigned to me, by due date."""

    title = "my tasks"
    parameter_name = "tasks"

    def lookups(self, request, model_admin):
        return list(MY_TASK_VIEWS.items())

    def queryset(self, request, queryset):
        if self.value() not in MY_TASK_VIEWS:
            return queryset
        return queryset.filter(my_tasks_filter(user=request.user, view=self.value()))
