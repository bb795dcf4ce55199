"""Read queries for the support queue and the records shown on a case's page."""

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from crm.ids import parse_id
from crm.models import Account, Contact
from crm.models.knowledge import KnowledgeArticle
from crm.models.support import Case, CaseStatus, Solution, priority_rank

# The queue's quick views (SPEC §6: "open cases sorted by priority then age").
MY_OPEN, ALL_OPEN, ESCALATED, CLOSED_THIS_MONTH, ALL_CASES = (
    "mine",
    "open",
    "escalated",
    "closed_month",
    "all",
)
QUEUE_VIEWS = {
    MY_OPEN: "My open cases",
    ALL_OPEN: "All open cases",
    ESCALATED: "Escalated",
    CLOSED_THIS_MONTH: "Closed this month",
    ALL_CASES: "All cases",
}
QUEUE_ORDER = (priority_rank().asc(), "created_at", "pk")
CLOSED_ORDER = ("-closed_at", "-pk")
# Related lists: open cases (no closed_at) first, then the most recently closed.
OPEN_FIRST = F("closed_at").desc(nulls_first=True)


def with_queue_columns(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """What every case list shows in one query: account, contact, owner, priority rank."""
    return queryset.with_priority_rank().select_related("account", "contact", "owner")


def month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def queue_view(queryset: QuerySet[Case], *, view: str, user) -> QuerySet[Case]:
    """One quick view of the queue, in its order (open: priority then oldest first)."""
    if view == MY_OPEN:
        return queryset.open().filter(owner=user).order_by(*QUEUE_ORDER)
    if view == ESCALATED:
        return queryset.filter(status=CaseStatus.ESCALATED).order_by(*QUEUE_ORDER)
    if view == CLOSED_THIS_MONTH:
        return queryset.closed().filter(closed_at__gte=month_start()).order_by(*CLOSED_ORDER)
    if view == ALL_CASES:
        return queryset.order_by("-created_at", "-pk")
    return queryset.open().order_by(*QUEUE_ORDER)


def search_cases(queryset: QuerySet[Case], term: str) -> QuerySet[Case]:
    """Match a case number ("CS-000042" or "42") besides the admin's text search."""
    case_id = parse_id(term.strip().upper().removeprefix("CS-"))
    return queryset.filter(pk=case_id) if case_id else queryset.none()


def account_cases(account: Account) -> QuerySet[Case]:
    """The account's cases, open ones first by priority and age, then the closed ones."""
    return (
        Case.objects.filter(account=account)
        .with_priority_rank()
        .select_related("contact", "owner")
        .order_by(OPEN_FIRST, "priority_rank", "created_at", "pk")
    )


def contact_cases(contact: Contact) -> QuerySet[Case]:
    return (
        Case.objects.filter(contact=contact)
        .with_priority_rank()
        .select_related("owner")
        .order_by(OPEN_FIRST, "priority_rank", "created_at", "pk")
    )


def case_solutions(case: Case) -> QuerySet[Solution]:
    return Solution.objects.filter(cases=case).order_by("title", "pk")


def case_articles(case: Case) -> QuerySet[KnowledgeArticle]:
    return KnowledgeArticle.objects.filter(cases=case).order_by("title", "pk")


def solution_cases(solution: Solution) -> QuerySet[Case]:
    return (
        Case.objects.filter(solutions=solution)
        .select_related("account", "owner")
        .order_by("-created_at", "-pk")
    )


def linkable_solutions(case: Case, *, term: str = "", limit: int = 20) -> list[Solution]:
    """Solutions not yet on the case, matching the search (title or details), newest
    reviewed ones first; duplicates are never offered."""
    queryset = Solution.objects.exclude(cases=case).exclude(status="duplicate")
    term = term.strip()
    if term:
        queryset = queryset.filter(Q(title__icontains=term) | Q(details__icontains=term))
    return list(queryset.order_by("-status", "title", "pk")[:limit])
