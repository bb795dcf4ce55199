"""Working a case (SPEC §6 Case): the four moves of its status machine, and the solutions and
knowledge articles linked to it.

The moves are thin wrappers over ``crm.services.transitions.transition`` (row lock, version
check, FSM conditions and permission, history). Linking or unlinking a solution or an article
changes the case too: it locks the case, checks the version the user saw and bumps it, so two
agents working one case never silently overwrite each other."""

from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.models.support import OPEN_CASE_STATUSES, Case, CaseStatus, Solution
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, has_change_permission, lock
from crm.services.transitions import transition as run_transition

RESOLUTION_REQUIRED = "Describe how the case was resolved before closing it."
RESOLUTION_MAX_LENGTH = 4000
RESOLUTION_TOO_LONG = f"Keep the resolution under {RESOLUTION_MAX_LENGTH} characters."
NO_PERMISSION = "You do not have permission to edit '{record}'."
ALREADY_LINKED = "'{item}' is already linked to {case}."
NOT_LINKED = "'{item}' is not linked to {case}."
ONLY_PUBLISHED = "Only published articles can be linked; '{item}' is {status}."
START_REFUSED = "Only new cases can be started; {case} is {status}."
ESCALATE_REFUSED = "Only new or in-progress cases can be escalated; {case} is {status}."
CLOSE_REFUSED = "{case} is already closed."
REOPEN_REFUSED = "Only closed cases can be reopened; {case} is {status}."
PATH_CLOSE = "Close the case with the Close button: it asks for the resolution."


def _only_from(*sources: str, message: str):
    """A guard run on the locked row: both moves into in_progress (start, reopen) share a
    target, so each named service says which source it accepts."""

    def guard(locked: Case) -> None:
        if locked.status not in sources:
            status = locked.get_status_display().lower()
            raise BusinessRuleError(message.format(case=locked, status=status))

    return guard


def _move(case: Case, *, target: str, user, version: int | None, guard, **kwargs) -> Case:
    return run_transition(
        case,
        field="status",
        target=target,
        user=user,
        version=version,
        guard=guard,
        transition_kwargs=kwargs or None,
    )


def start_case(case: Case, *, user, version: int | None) -> Case:
    """new → in_progress."""
    guard = _only_from(CaseStatus.NEW, message=START_REFUSED)
    return _move(case, target=CaseStatus.IN_PROGRESS, user=user, version=version, guard=guard)


def escalate_case(case: Case, *, user, version: int | None) -> Case:
    """{new, in_progress} → escalated."""
    guard = _only_from(CaseStatus.NEW, CaseStatus.IN_PROGRESS, message=ESCALATE_REFUSED)
    return _move(case, target=CaseStatus.ESCALATED, user=user, version=version, guard=guard)


def close_case(case: Case, *, user, version: int | None, resolution: str) -> Case:
    """Any open status → closed, with the resolution note; stamps ``closed_at``."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise BusinessRuleError(RESOLUTION_REQUIRED)
    if len(resolution) > RESOLUTION_MAX_LENGTH:
        raise BusinessRuleError(RESOLUTION_TOO_LONG)
    guard = _only_from(*OPEN_CASE_STATUSES, message=CLOSE_REFUSED)
    return _move(
        case,
        target=CaseStatus.CLOSED,
        user=user,
        version=version,
        guard=guard,
        resolution=resolution,
    )


def reopen_case(case: Case, *, user, version: int | None) -> Case:
    """closed → in_progress; clears ``closed_at`` and the resolution."""
    guard = _only_from(CaseStatus.CLOSED, message=REOPEN_REFUSED)
    return _move(case, target=CaseStatus.IN_PROGRESS, user=user, version=version, guard=guard)


def move_case(case: Case, *, target: str, user, version: int | None) -> Case:
    """A click on the case's path: the named move leading to ``target``. Closing needs the
    resolution page, so the path's Closed chevron links there instead."""
    if target == CaseStatus.CLOSED:
        raise BusinessRuleError(PATH_CLOSE)
    if target == CaseStatus.ESCALATED:
        return escalate_case(case, user=user, version=version)
    if target == CaseStatus.IN_PROGRESS:
        service = reopen_case if case.status == CaseStatus.CLOSED else start_case
        return service(case, user=user, version=version)
    return _move(case, target=target, user=user, version=version, guard=None)


# --- solutions and articles ---------------------------------------------------------------------


def _locked_case(case: Case, *, user, version: int | None) -> Case:
    if not has_change_permission(user, case):
        raise BusinessRuleError(NO_PERMISSION.format(record=case))
    locked = lock(case)
    check_version(locked, version)
    return locked


def _touch(locked: Case, case: Case, *, user) -> Case:
    """Bump the case's version (and record who changed its links) after a link change."""
    save_record(locked, user=user, validate=False, update_fields=["updated_at"])
    copy_saved_state(locked, onto=case)
    return locked


@transaction.atomic
def link_solution(case: Case, *, solution: Solution, user, version: int | None) -> Case:
    locked = _locked_case(case, user=user, version=version)
    if locked.solutions.filter(pk=solution.pk).exists():
        raise BusinessRuleError(ALREADY_LINKED.format(item=solution, case=locked))
    locked.solutions.add(solution)
    return _touch(locked, case, user=user)


@transaction.atomic
def unlink_solution(case: Case, *, solution: Solution, user, version: int | None) -> Case:
    locked = _locked_case(case, user=user, version=version)
    if not locked.solutions.filter(pk=solution.pk).exists():
        raise BusinessRuleError(NOT_LINKED.format(item=solution, case=locked))
    locked.solutions.remove(solution)
    return _touch(locked, case, user=user)


@transaction.atomic
def create_linked_solution(solution: Solution, *, case: Case, user, version: int | None = None):
    """ "New solution" from a case: the solution is created and linked in one transaction."""
    locked = _locked_case(case, user=user, version=version)
    save_record(solution, user=user)
    locked.solutions.add(solution)
    _touch(locked, case, user=user)
    return solution


@transaction.atomic
def link_article(case: Case, *, article: KnowledgeArticle, user, version: int | None) -> Case:
    locked = _locked_case(case, user=user, version=version)
    current = lock(article)
    if current.status != ArticleStatus.PUBLISHED:
        status = current.get_status_display().lower()
        raise BusinessRuleError(ONLY_PUBLISHED.format(item=current, status=status))
    if locked.articles.filter(pk=article.pk).exists():
        raise BusinessRuleError(ALREADY_LINKED.format(item=article, case=locked))
    locked.articles.add(article)
    return _touch(locked, case, user=user)


@transaction.atomic
def unlink_article(case: Case, *, article: KnowledgeArticle, user, version: int | None) -> Case:
    locked = _locked_case(case, user=user, version=version)
    if not locked.articles.filter(pk=article.pk).exists():
        raise BusinessRuleError(NOT_LINKED.format(item=article, case=locked))
    locked.articles.remove(article)
    return _touch(locked, case, user=user)
