"""The case's status machine (SPEC §6 Case): every move allowed and refused, closed_at and the
resolution, versions and history, through crm.services.cases."""

import pytest
from django.db import IntegrityError, transaction

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.support import Case, CaseStatus
from crm.services import cases as services
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW, IN_PROGRESS, ESCALATED, CLOSED = (
    CaseStatus.NEW,
    CaseStatus.IN_PROGRESS,
    CaseStatus.ESCALATED,
    CaseStatus.CLOSED,
)


def put(case, status):
    """Place a case in a status directly (the FSM field is protected)."""
    closed_at = "2026-11-02T10:00:00Z" if status == CLOSED else None
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=closed_at)
    return Case.objects.get(pk=case.pk)


def run(name, case, user):
    service = getattr(services, f"{name}_case")
    kwargs = {"resolution": "Fixed the SMTP password."} if name == "close" else {}
    return service(case, user=user, version=case.version, **kwargs)


ALLOWED = [
    ("start", NEW, IN_PROGRESS),
    ("escalate", NEW, ESCALATED),
    ("escalate", IN_PROGRESS, ESCALATED),
    ("close", NEW, CLOSED),
    ("close", IN_PROGRESS, CLOSED),
    ("close", ESCALATED, CLOSED),
    ("reopen", CLOSED, IN_PROGRESS),
]
REFUSED = [
    ("start", IN_PROGRESS, "Only new cases can be started"),
    ("start", ESCALATED, "Only new cases can be started"),
    ("start", CLOSED, "Only new cases can be started"),
    ("escalate", ESCALATED, "Only new or in-progress cases can be escalated"),
    ("escalate", CLOSED, "Only new or in-progress cases can be escalated"),
    ("close", CLOSED, "is already closed"),
    ("reopen", NEW, "Only closed cases can be reopened"),
    ("reopen", IN_PROGRESS, "Only closed cases can be reopened"),
    ("reopen", ESCALATED, "Only closed cases can be reopened"),
]


@pytest.mark.parametrize(("name", "source", "target"), ALLOWED)
def test_every_allowed_move(case, sales_user, name, source, target):
    case = put(case, source)
    version = case.version
    moved = run(name, case, sales_user)
    stored = Case.objects.get(pk=case.pk)
    assert moved.status == stored.status == target
    assert stored.version == version + 1
    latest = stored.history.latest()
    assert latest.status == target and latest.history_user == sales_user


@pytest.mark.parametrize(("name", "source", "message"), REFUSED)
def test_every_refused_move_changes_nothing(case, sales_user, name, source, message):
    case = put(case, source)
    with pytest.raises(BusinessRuleError, match=message):
        run(name, case, sales_user)
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == source and stored.version == case.version


def test_close_stamps_closed_at_and_keeps_the_resolution(case, sales_user):
    services.close_case(
        case, user=sales_user, version=case.version, resolution="  Renewed the SSL certificate. "
    )
    case.refresh_from_db()
    assert case.status == CLOSED and case.closed_at is not None
    assert case.resolution == "Renewed the SSL certificate."


def test_reopen_clears_closed_at_and_the_resolution(case, sales_user):
    services.close_case(case, user=sales_user, version=case.version, resolution="Done.")
    services.reopen_case(case, user=sales_user, version=case.version)
    case.refresh_from_db()
    assert case.status == IN_PROGRESS and case.closed_at is None and case.resolution == ""
    assert case.history.filter(resolution="Done.").exists()  # the old note stays in history


@pytest.mark.parametrize("resolution", ["", "   ", None])
def test_closing_needs_a_resolution(case, sales_user, resolution):
    with pytest.raises(BusinessRuleError, match="Describe how the case was resolved"):
        services.close_case(case, user=sales_user, version=case.version, resolution=resolution)
    assert Case.objects.get(pk=case.pk).status == NEW


def test_a_too_long_resolution_is_refused(case, sales_user):
    with pytest.raises(BusinessRuleError, match="under 4000"):
        services.close_case(case, user=sales_user, version=case.version, resolution="x" * 4001)


def test_a_stale_version_changes_nothing(case, sales_user):
    stale = case.version
    services.start_case(case, user=sales_user, version=case.version)
    with pytest.raises(ConcurrencyError):
        services.escalate_case(case, user=sales_user, version=stale)
    assert Case.objects.get(pk=case.pk).status == IN_PROGRESS


def test_users_without_change_permission_are_refused(case):
    outsider = UserFactory()
    outsider.groups.clear()
    with pytest.raises(BusinessRuleError, match="permission"):
        services.start_case(case, user=outsider, version=case.version)


def test_the_path_cannot_close_without_a_resolution(case, sales_user):
    with pytest.raises(BusinessRuleError, match="asks for the resolution"):
        services.move_case(case, target=CLOSED, user=sales_user, version=case.version)


def test_the_path_reopens_a_closed_case_and_starts_a_new_one(case, sales_user):
    services.move_case(case, target=IN_PROGRESS, user=sales_user, version=case.version)
    assert case.status == IN_PROGRESS
    services.close_case(case, user=sales_user, version=case.version, resolution="Done.")
    services.move_case(case, target=IN_PROGRESS, user=sales_user, version=case.version)
    assert Case.objects.get(pk=case.pk).closed_at is None


def test_the_database_refuses_a_half_closed_case(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(closed_at="2026-11-02T10:00:00Z")


def test_the_database_refuses_an_unknown_priority(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(priority="urgent")
