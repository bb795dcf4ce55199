"""Service (SPEC §6): cases worked through a support queue and the solutions recorded for them
(the knowledge base the team writes once and links to many cases is in crm.models.knowledge).

A case's number is its primary key shown as ``CS-000001``: it is unique, never reused and needs
no counter table. A closed case always carries its ``closed_at`` and no open case has one — a
database constraint, so no writer can leave a half-closed case behind."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case as CaseExpression
from django.db.models import Q, Value, When
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from crm.models.accounts import INACTIVE_LINK, newly_linked_inactive
from crm.models.base import BusinessRecord, RecordQuerySet

CONTACT_OF_OTHER_ACCOUNT = "The contact must belong to the case's account."
ASSET_OF_OTHER_ACCOUNT = "The asset must belong to the case's account."


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In Progress"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


OPEN_CASE_STATUSES = [CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.ESCALATED]


class CasePriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# The support queue works the most urgent first: high = 0, medium = 1, low = 2.
PRIORITY_RANK = {CasePriority.HIGH: 0, CasePriority.MEDIUM: 1, CasePriority.LOW: 2}


class CaseOrigin(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    WEB = "web", "Web"
    OTHER = "other", "Other"


class CaseType(models.TextChoices):
    QUESTION = "question", "Question"
    PROBLEM = "problem", "Problem"
    FEATURE_REQUEST = "feature_request", "Feature Request"
    MAINTENANCE = "maintenance", "Maintenance"


class CaseQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_CASE_STATUSES)

    def closed(self):
        return self.filter(status=CaseStatus.CLOSED)

    def with_priority_rank(self):
        return self.annotate(priority_rank=priority_rank())


def priority_rank() -> CaseExpression:
    """0 for high, 1 for medium, 2 for low: what the queue sorts by first."""
    whens = [When(priority=value, then=Value(rank)) for value, rank in PRIORITY_RANK.items()]
    return CaseExpression(*whens, default=Value(9), output_field=models.IntegerField())


def choice_constraint(field: str, choices, *, name: str, blank: bool = False):
    condition = Q(**{f"{field}__in": list(choices.values)})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


class Case(FSMModelMixin, BusinessRecord):
    subject = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    status = FSMField(
        choices=CaseStatus.choices, default=CaseStatus.NEW, protected=True, db_index=True
    )
    priority = models.CharField(
        max_length=10, choices=CasePriority.choices, default=CasePriority.MEDIUM
    )
    origin = models.CharField(max_length=10, choices=CaseOrigin.choices, blank=True)
    type = models.CharField(max_length=20, choices=CaseType.choices, blank=True)
    account = models.ForeignKey("crm.Account", on_delete=models.PROTECT, related_name="cases")
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # The client's product the case is about (an asset of the same account).
    asset = models.ForeignKey(
        "crm.Asset", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    closed_at = models.DateTimeField("closed on", null=True, blank=True, editable=False)
    resolution = models.TextField(blank=True, editable=False)
    solutions = models.ManyToManyField("crm.Solution", blank=True, related_name="cases")
    articles = models.ManyToManyField("crm.KnowledgeArticle", blank=True, related_name="cases")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "priority", "created_at"], name="case_queue_idx"),
            models.Index(fields=["owner", "status"], name="case_owner_status_idx"),
            models.Index(fields=["status", "closed_at"], name="case_closed_idx"),
        ]
        constraints = [
            choice_constraint("status", CaseStatus, name="case_status_valid"),
            choice_constraint("priority", CasePriority, name="case_priority_valid"),
            choice_constraint("origin", CaseOrigin, name="case_origin_valid", blank=True),
            choice_constraint("type", CaseType, name="case_type_valid", blank=True),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="case_closed_at_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.number if self.pk else "New case"

    @property
    def number(self) -> str:
        return f"CS-{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    def clean_fields(self, exclude=None):
        # The FSM-protected status changes only through transitions; its values are checked
        # by a database constraint. A blank-looking subject is a missing one.
        self.subject = (self.subject or "").strip()
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def clean(self):
        super().clean()
        errors = {}
        if self.contact_id and self.account_id and self.contact.account_id != self.account_id:
            errors["contact"] = CONTACT_OF_OTHER_ACCOUNT
        if self.asset_id and self.account_id and self.asset.account_id != self.account_id:
            errors["asset"] = ASSET_OF_OTHER_ACCOUNT
        for name, label in (("account", "Account"), ("contact", "Contact")):
            if getattr(self, f"{name}_id") and (inactive := newly_linked_inactive(self, name)):
                errors.setdefault(name, INACTIVE_LINK.format(label=label, record=inactive))
        if errors:
            raise ValidationError(errors)

    # --- status machine (SPEC §6) ---------------------------------------------------------------

    @transition(
        field=status,
        source=CaseStatus.NEW,
        target=CaseStatus.IN_PROGRESS,
        permission="crm.change_case",
    )
    def start(self):
        """Someone is working on it."""

    @transition(
        field=status,
        source=[CaseStatus.NEW, CaseStatus.IN_PROGRESS],
        target=CaseStatus.ESCALATED,
        permission="crm.change_case",
    )
    def escalate(self):
        """Needs a senior person or the client's attention."""

    @transition(
        field=status,
        source=OPEN_CASE_STATUSES,
        target=CaseStatus.CLOSED,
        permission="crm.change_case",
    )
    def close(self, *, resolution: str = ""):
        self.closed_at = timezone.now()
        self.resolution = resolution

    @transition(
        field=status,
        source=CaseStatus.CLOSED,
        target=CaseStatus.IN_PROGRESS,
        permission="crm.change_case",
    )
    def reopen(self):
        """The issue came back; the old resolution stays in the history."""
        self.closed_at = None
        self.resolution = ""


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEWED = "reviewed", "Reviewed"
    DUPLICATE = "duplicate", "Duplicate"


class Solution(BusinessRecord):
    title = models.CharField(max_length=255)
    details = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT
    )

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["title"], name="solution_title_idx")]
        constraints = [choice_constraint("status", SolutionStatus, name="solution_status_valid")]

    def __str__(self) -> str:
        return self.title

    def clean_fields(self, exclude=None):
        self.title = (self.title or "").strip()
        super().clean_fields(exclude=exclude)
