"""Activity transactions (SPEC §6): create and update tasks and events, complete a task and
reopen it (Undo), reschedule an event (the calendar's drag and resize), and move a converted
lead's activities.

The "what/who" rules live here and in the database (``crm.models.activities``): at most one
related record, at most one person; an event has a start and an end (end ≥ start), a task
has neither. Every write is version-checked and goes through ``save_record``."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models.activities import Activity, ActivityType, TaskStatus, TaskSubtype
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, lock

NOT_ALLOWED = "You do not have permission to change activities."
NOT_A_TASK = "'{activity}' is an event; only tasks are completed."
ALREADY_COMPLETED = "Task '{activity}' is already completed."
NOT_AN_EVENT = "'{activity}' is a task; only events have a start and an end."
ASSIGNEE_INACTIVE = "{user} is deactivated and cannot be assigned activities."
UNKNOWN_TYPE = "'{type}' is not an activity type (task or event)."
UNKNOWN_FIELD = "Activities have no field '{name}'."
NOT_COMPLETED = "Task '{activity}' is not completed; there is nothing to reopen."
NOT_AN_OPEN_STATUS = "'{status}' is not an open task status."

EDITABLE_FIELDS = frozenset(
    {
        "subject",
        "description",
        "assigned_to",
        "status",
        "priority",
        "due_date",
        "start_time",
        "end_time",
        "is_all_day_event",
        "location",
        *WHAT_FIELDS,
        *WHO_FIELDS,
    }
)


def can_change(user, activity: Activity | None = None) -> bool:
    """SPEC §5: both roles create, read and update activities (teams share calendars)."""
    return user.has_perm("crm.change_activity")


def _check_fields(fields: dict, *, creating: bool = False) -> None:
    for name in fields:
        if name not in EDITABLE_FIELDS and not (creating and name == "task_subtype"):
            raise BusinessRuleError(UNKNOWN_FIELD.format(name=name))
    assignee = fields.get("assigned_to")
    if assignee is not None and not assignee.is_active:
        raise BusinessRuleError(ASSIGNEE_INACTIVE.format(user=assignee))


def create_activity(*, user, type: str, subject: str, assigned_to=None, **fields) -> Activity:
    """A new task or event owned by ``user`` and assigned to ``assigned_to`` (default:
    ``user``). ``fields`` are the type's own fields and at most one what and one who."""
    if type not in ActivityType.values:
        raise BusinessRuleError(UNKNOWN_TYPE.format(type=type))
    assigned_to = assigned_to or user
    _check_fields({"assigned_to": assigned_to, **fields}, creating=True)
    activity = Activity(type=type, subject=subject, assigned_to=assigned_to, owner=user, **fields)
    return save_record(activity, user=user)


def log_call(*, user, subject: str, assigned_to=None, **fields) -> Activity:
    """ "Log a Call" (SPEC §10a): a call already made, so a task of subtype Call, completed
    and dated today (completed_at is now)."""
    fields.setdefault("due_date", timezone.localdate())
    return create_activity(
        user=user,
        type=ActivityType.TASK,
        subject=subject,
        assigned_to=assigned_to,
        task_subtype=TaskSubtype.CALL,
        status=TaskStatus.COMPLETED,
        **fields,
    )


@transaction.atomic
def update_activity(activity: Activity, *, user, version: int | None, **changes) -> Activity:
    """Change ``activity``'s fields; ``version`` is the version the user saw."""
    _check_fields(changes)
    locked = lock(activity)
    check_version(locked, version)
    if not can_change(user, locked):
        raise BusinessRuleError(NOT_ALLOWED)
    links = set(changes) & {*WHAT_FIELDS, *WHO_FIELDS}
    # Setting one what (or who) replaces the other: "at most one" is a rule, not a puzzle.
    for group in (WHAT_FIELDS, WHO_FIELDS):
        if links & set(group):
            for name in group:
                setattr(locked, name, None)
    for name, value in changes.items():
        setattr(locked, name, value)
    save_record(locked, user=user)
    copy_saved_state(locked, onto=activity)
    return locked


@transaction.atomic
def complete_task(activity: Activity, *, user, version: int | None) -> Activity:
    locked = lock(activity)
    check_version(locked, version)
    if locked.type != ActivityType.TASK:
        raise BusinessRuleError(NOT_A_TASK.format(activity=locked))
    if locked.status == TaskStatus.COMPLETED:
        raise BusinessRuleError(ALREADY_COMPLETED.format(activity=locked))
    if not can_change(user, locked):
        raise BusinessRuleError(NOT_ALLOWED)
    locked.status = TaskStatus.COMPLETED
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=activity)
    return locked


@transaction.atomic
def reopen_task(
    activity: Activity, *, user, version: int | None, status: str = TaskStatus.NOT_STARTED
) -> Activity:
    """Undo a completion: the task is open again with ``status``, the one it had before
    (the toast's Undo passes it back)."""
    if status not in TaskStatus.values or status == TaskStatus.COMPLETED:
        raise BusinessRuleError(NOT_AN_OPEN_STATUS.format(status=status))
    locked = lock(activity)
    check_version(locked, version)
    if locked.type != ActivityType.TASK:
        raise BusinessRuleError(NOT_A_TASK.format(activity=locked))
    if locked.status != TaskStatus.COMPLETED:
        raise BusinessRuleError(NOT_COMPLETED.format(activity=locked))
    if not can_change(user, locked):
        raise BusinessRuleError(NOT_ALLOWED)
    locked.status = status
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=activity)
    return locked


@transaction.atomic
def reschedule_event(
    activity: Activity, *, start: datetime, end: datetime, user, version: int | None
) -> Activity:
    """Move an event to ``start``–``end`` (aware datetimes; end ≥ start)."""
    locked = lock(activity)
    check_version(locked, version)
    if locked.type != ActivityType.EVENT:
        raise BusinessRuleError(NOT_AN_EVENT.format(activity=locked))
    if not can_change(user, locked):
        raise BusinessRuleError(NOT_ALLOWED)
    locked.start_time, locked.end_time = start, end
    save_record(locked, user=user)
    copy_saved_state(locked, onto=activity)
    return locked


def move_lead_activities(lead, *, contact, opportunity, user) -> int:
    """Lead conversion: the lead's activities now name ``contact``; those related to nothing
    become related to ``opportunity`` (when one was created). Runs inside the conversion's
    transaction; each row is saved with history. Returns how many moved."""
    moved = 0
    for activity in Activity.objects.select_for_update().filter(lead=lead).order_by("pk"):
        activity.lead = None
        activity.contact = contact
        if opportunity is not None and activity.what is None:
            activity.related_opportunity = opportunity
        save_record(activity, user=user, validate=False)
        moved += 1
    return moved
