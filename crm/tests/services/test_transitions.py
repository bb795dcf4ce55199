"""crm.services.transitions: the one way a status changes — allowed, refused by a
condition, refused by permission, stale version, and two concurrent moves on PostgreSQL."""

import threading

import pytest
from django.db import close_old_connections

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Lead, LeadStatus
from crm.models.opportunities import Opportunity, Stage
from crm.services import transitions
from crm.tests.factories import LeadFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_allowed_move_saves_bumps_the_version_and_writes_history(sales_user):
    lead = LeadFactory(owner=sales_user)
    saved = transitions.transition(
        lead, field="status", target=LeadStatus.QUALIFIED, user=sales_user, version=1
    )
    assert saved.status == lead.status == LeadStatus.QUALIFIED
    assert lead.version == 2
    assert lead.history.first().history_user == sales_user


def test_refused_by_condition_says_why_and_changes_nothing(sales_user):
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="is already New"):
        transitions.transition(lead, field="status", target="new", user=sales_user, version=1)
    unqualified = LeadFactory(owner=sales_user)
    transitions.transition(
        unqualified, field="status", target=LeadStatus.UNQUALIFIED, user=sales_user, version=1
    )
    with pytest.raises(BusinessRuleError, match="cannot move from Unqualified to Qualified"):
        transitions.transition(
            unqualified, field="status", target=LeadStatus.QUALIFIED, user=sales_user, version=2
        )
    assert Lead.objects.get(pk=unqualified.pk).status == LeadStatus.UNQUALIFIED


def test_refused_by_the_transitions_permission(sales_user, crm_admin):
    lost = OpportunityFactory(owner=sales_user)
    transitions.transition(
        lost, field="stage", target=Stage.CLOSED_LOST, user=sales_user, version=1
    )
    # Reopening a lost deal is an admin's transition (SPEC §6).
    assert Stage.QUALIFYING not in transitions.allowed_targets(lost, field="stage", user=sales_user)
    assert Stage.QUALIFYING in transitions.allowed_targets(lost, field="stage", user=crm_admin)
    with pytest.raises(BusinessRuleError):
        transitions.transition(
            lost, field="stage", target=Stage.QUALIFYING, user=sales_user, version=2
        )
    assert Opportunity.objects.get(pk=lost.pk).stage == Stage.CLOSED_LOST


def test_refused_without_the_models_change_permission(sales_user):
    reader = UserFactory()
    reader.groups.clear()
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="do not have permission"):
        transitions.transition(
            lead, field="status", target=LeadStatus.QUALIFIED, user=reader, version=1
        )


def test_stale_version_changes_nothing(sales_user):
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(ConcurrencyError):
        transitions.transition(
            lead, field="status", target=LeadStatus.QUALIFIED, user=sales_user, version=7
        )
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW


def test_unknown_target_is_a_clear_refusal(sales_user):
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="is not a valid"):
        transitions.transition(lead, field="status", target="bogus", user=sales_user, version=1)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_one_wins_one_is_stale(postgres_only, sales_user):
    lead = LeadFactory(owner=sales_user)
    barrier = threading.Barrier(2)
    outcomes = []

    def move(target):
        close_old_connections()
        try:
            barrier.wait()
            transitions.transition(
                Lead.objects.get(pk=lead.pk),
                field="status",
                target=target,
                user=sales_user,
                version=1,
            )
            outcomes.append("saved")
        except ConcurrencyError:
            outcomes.append("stale")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=move, args=(target,))
        for target in (LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    final = Lead.objects.get(pk=lead.pk)
    assert final.version == 2 and final.status in (LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED)
