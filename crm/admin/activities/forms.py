"""The activity form and the activity list's two own filters (assignee, My tasks' views)."""

from django import forms
from unfold.contrib.filters.admin import DropdownFilter

from crm.admin.kit.filters import MINE
from crm.admin.kit.forms import VersionedAdminForm
from crm.ids import parse_id
from crm.models import User
from crm.models.activities import Activity
from crm.selectors.activities import MY_TASK_VIEWS, my_tasks_filter


class ActivityForm(VersionedAdminForm):
    class Meta:
        model = Activity
        fields = "__all__"
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = self.fields.get("assigned_to")
        if assignee is not None:
            assignee.queryset = User.objects.filter(is_active=True).order_by(
                "first_name", "last_name"
            )


class AssigneeFilter(DropdownFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        users = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        return [(MINE, "Assigned to me"), *((str(u.pk), u.get_full_name()) for u in users)]

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
