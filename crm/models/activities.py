"""Activities (SPEC §6 Activity): tasks (to-dos with a due date) and events (meetings with a
start and an end), each related to at most one record ("what") and at most one person ("who"),
the links declared once in crm.models.activity_links."""

from datetime import UTC, date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS, ActivityLinks, at_most_one
from crm.models.base import BusinessRecord, RecordQuerySet

TWO_WHATS = "An activity can be related to one record only."
TWO_WHOS = "An activity can name one person only: a contact or a lead."
EVENT_NEEDS_TIMES = "An event needs a start and an end."
END_BEFORE_START = "The end cannot be before the start."
TASK_HAS_NO_TIMES = "A task has a due date, not a start and an end."
OUT_OF_RANGE = "Enter a date between 1 January 1900 and 30 December 9999."

# The dates an activity may have: a bound that every door (admin, portal, API, import)
# meets in clean() and the database meets in a constraint. PostgreSQL stores years the
# driver cannot read back (1 BC from "0001-01-01T00:00+14:00"): one such row made the event,
# the activity list, exports and the API answer 500. The upper bound keeps a day's margin
# so a time near it still converts to any time zone.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9999, 12, 31)  # latest is excluded
EARLIEST = datetime.combine(EARLIEST_DATE, time.min, tzinfo=UTC)
LATEST = datetime.combine(LATEST_DATE, time.min, tzinfo=UTC)


def in_range(value: date | datetime | None) -> bool:
    """Whether ``value`` (an aware date-time or a date) is a date an activity may have."""
    if value is None:
        return True
    if isinstance(value, datetime):
        try:
            # A naive value is read in the current time zone, as Django saves it.
            aware = timezone.make_aware(value) if timezone.is_naive(value) else value
        except OverflowError:
            return False
        return EARLIEST <= aware < LATEST
    return EARLIEST_DATE <= value < LATEST_DATE


def _range_condition(field: str, earliest, latest) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": earliest, f"{field}__lt": latest}
    )


class ActivityType(models.TextChoices):
    TASK = "task", "Task"
    EVENT = "event", "Event"


class TaskSubtype(models.TextChoices):
    """SPEC §10a: a call is a task (a to-do's status, due date and roll-ups) logged as a call,
    as Salesforce's TaskSubtype; blank for plain tasks and events."""

    CALL = "call", "Call"
    # Issue 26: an email the CRM sent (the outbox); created by crm.services.outbox only.
    EMAIL = "email", "Email"


CALL_ONLY_TASKS = "Only a task can be a call or an email."


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not Started"
    IN_PROGRESS = "in_progress", "In Progress"
    COMPLETED = "completed", "Completed"
    WAITING = "waiting", "Waiting on someone else"
    DEFERRED = "deferred", "Deferred"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


class ActivityQuerySet(RecordQuerySet):
    def tasks(self):
        return self.filter(type=ActivityType.TASK)

    def events(self):
        return self.filter(type=ActivityType.EVENT)

    def calls(self):
        return self.tasks().filter(task_subtype=TaskSubtype.CALL)

    def emails(self):
        return self.tasks().filter(task_subtype=TaskSubtype.EMAIL)

    def open_tasks(self):
        return self.tasks().exclude(status=TaskStatus.COMPLETED)


class Activity(ActivityLinks, BusinessRecord):
    type = models.CharField(max_length=10, choices=ActivityType.choices, db_index=True)
    subject = models.CharField(max_length=255)
    description = models.TextField("comments", blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_activities",
        verbose_name="assigned to",
    )
    # Task
    task_subtype = models.CharField(
        "task subtype", max_length=10, choices=TaskSubtype.choices, default="", blank=True
    )
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED, blank=True
    )
    priority = models.CharField(
        max_length=10, choices=Priority.choices, default=Priority.NORMAL, blank=True
    )
    due_date = models.DateField("due date", null=True, blank=True)
    completed_at = models.DateTimeField("completed on", null=True, blank=True, editable=False)
    # Event
    start_time = models.DateTimeField("start", null=True, blank=True)
    end_time = models.DateTimeField("end", null=True, blank=True)
    is_all_day_event = models.BooleanField("all-day event", default=False)
    location = models.CharField(max_length=255, blank=True)
    # When it happens (event start, task due date at midnight, else creation): the one sort
    # key of timelines, set on every save.
    activity_date = models.DateTimeField(editable=False, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"
        ordering = ["-activity_date", "-pk"]
        indexes = [
            models.Index(
                fields=["assigned_to", "type", "start_time"], name="activity_assignee_start"
            ),
            models.Index(fields=["assigned_to", "type", "due_date"], name="activity_assignee_due"),
            # My tasks (the list's quick views, Home): a user's open tasks counted and listed
            # by due date from the index alone, not from every task they ever had.
            models.Index(
                fields=["assigned_to", "due_date", "id"],
                name="activity_open_tasks",
                condition=Q(type=ActivityType.TASK) & ~Q(status=TaskStatus.COMPLETED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=ActivityType.values), name="activity_type_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(type=ActivityType.EVENT, start_time__isnull=False, end_time__isnull=False)
                    | Q(type=ActivityType.TASK, start_time__isnull=True, end_time__isnull=True)
                ),
                name="activity_times_by_type",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="activity_end_after_start",
            ),
            models.CheckConstraint(condition=at_most_one(WHAT_FIELDS), name="activity_one_what"),
            models.CheckConstraint(
                condition=_range_condition("start_time", EARLIEST, LATEST)
                & _range_condition("end_time", EARLIEST, LATEST)
                & _range_condition("due_date", EARLIEST_DATE, LATEST_DATE),
                name="activity_dates_in_range",
            ),
            models.CheckConstraint(condition=at_most_one(WHO_FIELDS), name="activity_one_who"),
            models.CheckConstraint(
                condition=Q(task_subtype="")
                | Q(type=ActivityType.TASK, task_subtype__in=TaskSubtype.values),
                name="activity_subtype_is_task",
                violation_error_message=CALL_ONLY_TASKS,
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_task(self) -> bool:
        return self.type == ActivityType.TASK

    @property
    def is_call(self) -> bool:
        return self.is_task and self.task_subtype == TaskSubtype.CALL

    @property
    def is_email(self) -> bool:
        return self.is_task and self.task_subtype == TaskSubtype.EMAIL

    @property
    def kind(self) -> str:
        """ "call", "email", "task" or "event": what timelines, lists and filters show."""
        return self.task_subtype if self.is_task and self.task_subtype else self.type

    @property
    def kind_label(self) -> str:
        if self.is_task and self.task_subtype:
            return self.get_task_subtype_display()
        return self.get_type_display()

    @property
    def is_open_task(self) -> bool:
        return self.is_task and self.status != TaskStatus.COMPLETED

    @property
    def what(self):
        """The related record (account, opportunity, …), or None."""
        return next((getattr(self, f) for f in WHAT_FIELDS if getattr(self, f"{f}_id")), None)

    @property
    def who(self):
        """The contact or lead, or None."""
        return next((getattr(self, f) for f in WHO_FIELDS if getattr(self, f"{f}_id")), None)

    def clean(self):
        super().clean()
        errors = {}
        for name in ("start_time", "end_time", "due_date"):
            if not in_range(getattr(self, name)):
                errors[name] = [OUT_OF_RANGE]
        if sum(1 for f in WHAT_FIELDS if getattr(self, f"{f}_id")) > 1:
            errors["__all__"] = [TWO_WHATS]
        if sum(1 for f in WHO_FIELDS if getattr(self, f"{f}_id")) > 1:
            errors.setdefault("__all__", []).append(TWO_WHOS)
        if self.type == ActivityType.EVENT:
            if not self.start_time:
                errors["start_time"] = [EVENT_NEEDS_TIMES]
            if not self.end_time:
                errors["end_time"] = [EVENT_NEEDS_TIMES]
            elif (
                self.start_time
                and not errors.keys() & {"start_time", "end_time"}
                and self.end_time < self.start_time
            ):
                errors["end_time"] = [END_BEFORE_START]
        elif self.start_time or self.end_time:
            errors["__all__"] = [*errors.get("__all__", []), TASK_HAS_NO_TIMES]
        if self.task_subtype and self.type != ActivityType.TASK:
            errors.setdefault("__all__", []).append(CALL_ONLY_TASKS)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.type == ActivityType.TASK:
            self.start_time = self.end_time = None
            self.is_all_day_event = False
            if self.status == TaskStatus.COMPLETED and self.completed_at is None:
                self.completed_at = timezone.now()
            elif self.status != TaskStatus.COMPLETED:
                self.completed_at = None
        else:
            self.status, self.priority, self.due_date, self.completed_at = "", "", None, None
            self.task_subtype = ""
        self.activity_date = self._when()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "activity_date", "completed_at"}
        return super().save(*args, **kwargs)

    def _when(self) -> datetime:
        if self.start_time:
            return self.start_time
        if self.due_date:
            return timezone.make_aware(datetime.combine(self.due_date, time.min))
        return self.created_at or timezone.now()
