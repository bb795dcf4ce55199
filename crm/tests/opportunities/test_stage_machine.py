"""change_stage: every allowed and refused move, probability, close date, loss reason."""

import datetime

import pytest
from django.utils import timezone

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.opportunities import (
    CLOSED_STAGES,
    OPEN_STAGES,
    STAGE_PROBABILITY,
    Opportunity,
    Stage,
)
from crm.services.opportunities import change_stage
from crm.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("source", OPEN_STAGES)
@pytest.mark.parametrize("target", list(Stage))
def test_open_stages_move_anywhere_and_probability_follows(sales_user, source, target):
    opportunity = OpportunityFactory(owner=sales_user)
    if source != Stage.QUALIFYING:
        change_stage(opportunity, stage=source, user=sales_user)
    if source == target:
        with pytest.raises(BusinessRuleError, match="is already in"):
            change_stage(opportunity, stage=target, user=sales_user)
        return
    moved = change_stage(
        opportunity,
        stage=target,
        user=sales_user,
        version=opportunity.version,
        loss_reason="price",  # read only when the target is Closed Lost
    )
    assert moved.stage == target and opportunity.stage == target
    assert moved.probability == STAGE_PROBABILITY[target]
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.probability) == (target, STAGE_PROBABILITY[target])


def test_forecast_category_is_derived(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    expected = {
        Stage.QUALIFYING: "Pipeline",
        Stage.NEEDS_ANALYSIS: "Pipeline",
        Stage.PROPOSAL: "Best Case",
        Stage.NEGOTIATION: "Commit",
        Stage.CLOSED_WON: "Closed",
    }
    for stage, category in expected.items():
        if stage != Stage.QUALIFYING:
            change_stage(opportunity, stage=stage, user=sales_user)
        assert opportunity.forecast_category == category


@pytest.mark.parametrize("stage", CLOSED_STAGES)
def test_closing_fills_an_empty_close_date_with_today(sales_user, stage):
    opportunity = OpportunityFactory(owner=sales_user, close_date=None)
    change_stage(opportunity, stage=stage, user=sales_user, loss_reason="timing")
    assert Opportunity.objects.get(pk=opportunity.pk).close_date == timezone.localdate()


def test_closing_keeps_an_existing_close_date(sales_user):
    day = datetime.date(2026, 12, 24)
    opportunity = OpportunityFactory(owner=sales_user, close_date=day)
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    assert Opportunity.objects.get(pk=opportunity.pk).close_date == day


def test_lost_keeps_the_reason_and_reopening_clears_it(sales_user, crm_admin):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(
        opportunity,
        stage=Stage.CLOSED_LOST,
        user=sales_user,
        loss_reason="no_budget",
        loss_details=" Budget cut ",
    )
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.loss_reason, stored.loss_details) == ("no_budget", "Budget cut")
    change_stage(opportunity, stage=Stage.PROPOSAL, user=crm_admin)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.loss_reason, stored.loss_details, stored.probability) == (
        "proposal",
        "",
        "",
        50,
    )


def test_only_admins_reopen_a_lost_opportunity(sales_user, crm_admin):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason="price")
    with pytest.raises(BusinessRuleError, match="Only admins can reopen a lost opportunity."):
        change_stage(opportunity, stage=Stage.QUALIFYING, user=sales_user)
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.CLOSED_LOST
    change_stage(opportunity, stage=Stage.QUALIFYING, user=crm_admin)
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.QUALIFYING


def test_won_reopens_unless_it_has_an_order_or_contract(sales_user, monkeypatch):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    change_stage(opportunity, stage=Stage.NEGOTIATION, user=sales_user)  # no order: allowed
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    monkeypatch.setattr(Opportunity, "has_fulfilment_records", lambda self: True)
    with pytest.raises(BusinessRuleError, match="stays Closed Won"):
        change_stage(opportunity, stage=Stage.NEGOTIATION, user=sales_user)
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.CLOSED_WON


def test_closed_cannot_switch_directly_to_the_other_closed_stage(sales_user, crm_admin):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.CLOSED_WON, user=sales_user)
    with pytest.raises(BusinessRuleError, match="Reopen"):
        change_stage(opportunity, stage=Stage.CLOSED_LOST, user=crm_admin, loss_reason="price")


def test_unknown_stage_and_stale_version_change_nothing(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError, match="is not a stage"):
        change_stage(opportunity, stage="won", user=sales_user)
    with pytest.raises(ConcurrencyError):
        change_stage(
            opportunity, stage=Stage.PROPOSAL, user=sales_user, version=opportunity.version + 1
        )
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.version) == (Stage.QUALIFYING, 1)


def test_stage_cannot_be_assigned_directly(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    with pytest.raises(AttributeError):
        opportunity.stage = Stage.CLOSED_WON


def test_stage_changes_are_audited_with_the_user(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    change_stage(opportunity, stage=Stage.PROPOSAL, user=sales_user)
    latest = opportunity.history.first()
    assert (latest.stage, latest.history_user) == (Stage.PROPOSAL, sales_user)


def test_user_without_edit_permission_is_refused(db):
    from crm.tests.factories import UserFactory

    reader = UserFactory()
    reader.groups.clear()
    opportunity = OpportunityFactory()
    with pytest.raises(BusinessRuleError, match="permission"):
        change_stage(opportunity, stage=Stage.PROPOSAL, user=reader)
