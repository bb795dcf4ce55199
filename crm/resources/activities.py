"""Export of the activity list (All activities / My tasks): labels, not codes; what and
who by name; start and end in the exporting user's own time zone (the one activated for the
request), as the list showed them."""

from import_export import fields, resources, widgets

from crm.models import Activity


class ActivityResource(resources.ModelResource):
    type = fields.Field("kind_label", "Type")  # Task, Call or Event
    subject = fields.Field("subject", "Subject")
    status = fields.Field("get_status_display", "Status")
    priority = fields.Field("get_priority_display", "Priority")
    due_date = fields.Field("due_date", "Due Date")
    start_time = fields.Field("start_time", "Start", widget=widgets.DateTimeWidget())
    end_time = fields.Field("end_time", "End", widget=widgets.DateTimeWidget())
    location = fields.Field("location", "Location")
    assigned_to = fields.Field("assigned_to__email", "Assigned To")
    related_to = fields.Field(column_name="Related To")
    name = fields.Field(column_name="Name")

    class Meta:
        model = Activity
        fields = (
            "type",
            "subject",
            "status",
            "priority",
            "due_date",
            "start_time",
            "end_time",
            "location",
            "assigned_to",
            "related_to",
            "name",
        )
        export_order = fields

    def dehydrate_related_to(self, activity):
        return str(activity.what or "")

    def dehydrate_name(self, activity):
        return str(activity.who or "")
