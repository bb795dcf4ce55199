"""The activity composer's form (issue 25): New Task, New Event and Log a Call in one small
form — subject, dates with defaults (an event starts at the next full hour and lasts an hour;
a task is due today; a call is dated now), Assigned To (me), one "Related To" and one "Name"
picker (``crm.selectors.activity_links``) and comments. The Activity tab shows it inline, the
calendar and ``data-crm-composer`` links as a modal, ``/crm/activity/compose/`` as a page."""

import datetime

from django import forms
from django.utils import timezone

from crm.models import User
from crm.models.activities import (
    END_BEFORE_START,
    OUT_OF_RANGE,
    ActivityType,
    TaskSubtype,
    in_range,
)
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.selectors.activity_links import SEPARATOR, linked_record

CALL = TaskSubtype.CALL.value
KINDS = {
    ActivityType.TASK.value: "New Task",
    ActivityType.EVENT.value: "New Event",
    CALL: "Log a Call",
}
EDIT_TITLES = {
    ActivityType.TASK.value: "Edit Task",
    ActivityType.EVENT.value: "Edit Event",
    CALL: "Edit Call",
}
PICK_FROM_LIST = "Choose a record from the list (type three letters of its name)."
EVENT_LENGTH = datetime.timedelta(hours=1)
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def next_full_hour(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next full hour in the current time zone (10:00 at 9:20; 10:00 at 9:00 too: a
    meeting is planned ahead)."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)


def event_defaults(start=None, end=None):
    """The start and end of an event given none, one or both."""
    start = start or (end - EVENT_LENGTH if end else next_full_hour())
    return start, end or start + EVENT_LENGTH


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


class ComposerForm(forms.Form):
    kind = forms.ChoiceField(choices=list(KINDS.items()), widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=255)
    due_date = forms.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.DateTimeField(label="Start", required=False, widget=LocalDateTimeInput())
    end_time = forms.DateTimeField(label="End", required=False, widget=LocalDateTimeInput())
    location = forms.CharField(max_length=255, required=False)
    assigned_to = forms.ModelChoiceField(label="Assigned To", queryset=User.objects.none())
    related_to = forms.CharField(label="Related To", required=False, widget=forms.HiddenInput)
    who = forms.CharField(label="Name", required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["assigned_to"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name"
        )

    @property
    def current_kind(self) -> str:
        raw = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return raw if raw in KINDS else ActivityType.TASK.value

    def _link(self, name: str, *, who: bool):
        value = self.cleaned_data.get(name, "")
        if not value:
            return None
        found = linked_record(value, user=self.user, who=who)
        if found is None:
            raise forms.ValidationError(PICK_FROM_LIST)
        return found

    def clean_related_to(self):
        return self._link("related_to", who=False)

    def clean_who(self):
        return self._link("who", who=True)

    def clean(self):
        data = super().clean()
        for name in ("due_date", "start_time", "end_time"):
            if not in_range(data.get(name)):
                self.add_error(name, OUT_OF_RANGE)
        if self.errors:
            return data
        if data.get("kind") == ActivityType.EVENT:
            data["start_time"], data["end_time"] = event_defaults(
                data.get("start_time"), data.get("end_time")
            )
            if data["end_time"] < data["start_time"]:
                self.add_error("end_time", END_BEFORE_START)
        return data

    def service_fields(self) -> dict:
        """The cleaned values as ``create_activity`` / ``update_activity`` take them."""
        data = self.cleaned_data
        fields = {
            "subject": data["subject"],
            "assigned_to": data["assigned_to"],
            "description": data["description"],
            **dict.fromkeys((*WHAT_FIELDS, *WHO_FIELDS)),
        }
        for link in (data.get("related_to"), data.get("who")):
            if link is not None:
                fields[link[0]] = link[1]
        if data["kind"] == ActivityType.EVENT:
            fields.update(
                start_time=data["start_time"], end_time=data["end_time"], location=data["location"]
            )
        elif data["kind"] == ActivityType.TASK or data["due_date"]:
            fields["due_date"] = data["due_date"]
        return fields


def picked(record, field: str) -> dict:
    """A picker's value and the text shown for it."""
    return {"value": f"{field}{SEPARATOR}{record.pk}", "text": str(record)}
