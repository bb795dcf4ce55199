"""Activities: tasks (a due date) and events (a start and an end), each about at most one
record ("what": account, opportunity, case, …) and with at most one person ("who": contact or
lead). Creating and changing go through crm.services.activities, which checks the fields and
who may change them; completing a task and moving an event are actions. The link fields and
their filters are built from ``WHAT_LINKS`` / ``WHO_LINKS``, so a new link needs no API code."""

import django_filters
from rest_framework import serializers

from api.kit.records import (
    ActionInput,
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_action,
    record_fields,
)
from crm.models import Activity, User
from crm.models.activity_links import WHAT_FIELDS, WHAT_LINKS, WHO_FIELDS, WHO_LINKS
from crm.services import activities as services


class ActivitySerializer(RecordSerializer):
    # Activities are owned by their creator; who does them is ``assigned_to``.
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    assigned_to = serializers.PrimaryKeyRelatedField(
        # Every user: a deactivated one is refused by the service, with its message.
        queryset=User.objects.all(),
        required=False,
        help_text="User id of who does it. Defaults to you.",
    )

    class Meta(RecordSerializer.Meta):
        model = Activity
        fields = record_fields(
            "type",
            "subject",
            "description",
            "assigned_to",
            "status",
            "priority",
            "due_date",
            "completed_at",
            "start_time",
            "end_time",
            "is_all_day_event",
            "location",
            *WHAT_FIELDS,
            *WHO_FIELDS,
            "activity_date",
        )
        extra_kwargs = {"type": {"help_text": "task or event; fixed once created."}}


def _link_filters() -> dict:
    """``?account=``, ``?opportunity=``, ``?case=`` … ``?contact=``, ``?lead=``: one id filter
    per declared link."""
    return {
        link.field.removeprefix("related_"): django_filters.NumberFilter(
            field_name=f"{link.field}_id", help_text=f"{link.label} id."
        )
        for link in (*WHAT_LINKS, *WHO_LINKS)
    }


ActivityLinkFilters = type("ActivityLinkFilters", (OwnedFilterSet,), _link_filters())


class ActivityFilter(ActivityLinkFilters):
    assigned_to = django_filters.NumberFilter(field_name="assigned_to_id", help_text="User id.")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    start_after = django_filters.IsoDateTimeFilter(field_name="start_time", lookup_expr="gte")
    start_before = django_filters.IsoDateTimeFilter(field_name="start_time", lookup_expr="lt")

    class Meta:
        model = Activity
        fields = ("type", "status", "priority")


class RescheduleInput(ActionInput):
    start = serializers.DateTimeField(help_text="New start of the event.")
    end = serializers.DateTimeField(help_text="New end (not before the start).")


class ActivityViewSet(RecordViewSet):
    """Tasks and events of the team's shared calendar, related to one record and one person."""

    queryset = Activity.objects.select_related("owner")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ("subject",)
    ordering_fields = (
        "id",
        "activity_date",
        "due_date",
        "start_time",
        "priority",
        "created_at",
        "updated_at",
    )

    def create_record(self, data: dict, *, user):
        return services.create_activity(user=user, **data)

    def update_record(self, record, changes: dict, *, user, version: int):
        return services.update_activity(record, user=user, version=version, **changes)

    @record_action("complete", summary="Mark a task completed")
    def complete(self, record, *, user, version):
        return services.complete_task(record, user=user, version=version)

    @record_action(
        "reschedule", summary="Move an event to a new start and end", input=RescheduleInput
    )
    def reschedule(self, record, *, user, version, start, end):
        return services.reschedule_event(record, start=start, end=end, user=user, version=version)
