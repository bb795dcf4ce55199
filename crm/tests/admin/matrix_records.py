"""The record states the admin smoke matrix visits: for each registered model, the states
whose pages and header actions differ (as made, someone else's, inactive, each FSM state),
all made by factories and put straight into their state."""

import pytest
from django.utils import timezone

from crm.models import (
    ApiToken,
    ArticleStatus,
    Campaign,
    Case,
    CaseStatus,
    Contract,
    EmailMessage,
    Invoice,
    KnowledgeArticle,
    Lead,
    LeadStatus,
    Opportunity,
    Order,
    Payment,
    Stage,
)
from crm.models.marketing import CampaignStatus
from crm.models.quotes import Quote, QuoteStatus
from crm.services.invoices import issue_period_invoice
from crm.services.leads import convert_lead
from crm.tests import factories


def has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


def _set(record, **values):
    """Put a record straight into a state (as a fixture would: FSM fields are protected)."""
    type(record)._base_manager.filter(pk=record.pk).update(**values)
    return type(record)._base_manager.get(pk=record.pk)


def _converted_lead(make, owner, converter):
    lead = make(owner=owner)
    convert_lead(lead, user=converter, opportunity_name="Smoke test deal")
    return Lead.objects.get(pk=lead.pk)


def records_for(model, *, sales_user, other_user, crm_admin) -> list[tuple[str, object]]:
    """The states of ``model`` whose pages and actions differ; all made by factories."""
    make = factories.factory_for_model().get(model)
    if make is None:
        pytest.fail(
            f"{model._meta.label} has an admin but no factory: add one to crm/tests/factories.py"
        )
    if model is ApiToken:  # a sales user's list holds only their own tokens
        return [("the sales user's", make(user=sales_user))]
    owner = {"owner": sales_user} if has_field(model, "owner") else {}
    states = [("as made", make(**owner))]
    if owner:
        states.append(("owned by someone else", make(owner=other_user)))
    if has_field(model, "is_active"):
        states.append(("inactive", _set(make(**owner), is_active=False)))
    if model is Lead:
        states.append(("contacted", _set(make(**owner), status=LeadStatus.CONTACTED)))
        states.append(("unqualified", _set(make(**owner), status=LeadStatus.UNQUALIFIED)))
        states.append(("converted", _converted_lead(make, sales_user, crm_admin)))
    if model is Case:
        states.append(("escalated", _set(make(**owner), status=CaseStatus.ESCALATED)))
        closed = _set(make(**owner), status=CaseStatus.CLOSED, closed_at=timezone.now())
        states.append(("closed", closed))
    if model is KnowledgeArticle:
        states.append(("published", _set(make(**owner), status=ArticleStatus.PUBLISHED)))
        states.append(("archived", _set(make(**owner), status=ArticleStatus.ARCHIVED)))
    if model is Campaign:
        states.append(("completed", _set(make(**owner), status=CampaignStatus.COMPLETED)))
    if model is Quote:
        for status in (QuoteStatus.PRESENTED, QuoteStatus.ACCEPTED, QuoteStatus.DENIED):
            states.append((status.value, _set(make(**owner), status=status)))
    if model is Opportunity:
        won = factories.LineItemFactory(opportunity=make(**owner)).opportunity
        states.append(("won with a product", _set(won, stage=Stage.CLOSED_WON)))
    if model is Order:
        states.append(("fulfilled", _set(make(**owner), status="fulfilled")))
        states.append(("cancelled", _set(make(**owner), status="cancelled")))
    if model is Payment:
        states.append(("void", _set(make(**owner), status="void")))
        contract = factories.ContractFactory(**owner)
        states.append(("for a contract", factories.PaymentFactory(order=None, contract=contract)))
    if model is Invoice:
        for status in ("partially_paid", "paid", "void"):
            states.append((status, _set(make(**owner), status=status)))
        contract = factories.ContractFactory(**owner)
        start = next(contract.cycle_periods())[0]
        states.append(
            ("for a contract", issue_period_invoice(contract, period_start=start, user=crm_admin))
        )
    if model is Opportunity:
        retainer = factories.ProductFactory(is_retainer_product=True)
        won = factories.LineItemFactory(opportunity=make(**owner), product=retainer).opportunity
        states.append(("won with a retainer product", _set(won, stage=Stage.CLOSED_WON)))
    if model is EmailMessage:
        states.append(("failed", _set(make(), status="failed", last_error="Timeout")))
    if model is Contract:
        states.append(("draft", make(status="draft", **owner)))
        states.append(("terminated", _set(make(**owner), status="terminated")))
        states.append(("expired", _set(make(**owner), status="expired")))
    return states
