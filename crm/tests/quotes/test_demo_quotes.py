"""Demo quotes: one accepted (on a won deal, whose products now match it), one denied, one
presented and drafts — all made through the services; running the demo twice adds nothing."""

import pytest
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models import Opportunity, OpportunityLineItem, Quote, QuoteStatus, Stage
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_seeders(admin, sales):
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)


def test_demo_quotes_cover_every_status_and_are_idempotent():
    admin, sales = AdminUserFactory(), UserFactory()
    run_seeders(admin, sales)
    counts = {status: Quote.objects.filter(status=status).count() for status in QuoteStatus}
    assert counts[QuoteStatus.ACCEPTED] == 1 and counts[QuoteStatus.DENIED] == 1
    assert counts[QuoteStatus.DRAFT] >= 1 and counts[QuoteStatus.PRESENTED] >= 1

    accepted = Quote.objects.with_total().get(status=QuoteStatus.ACCEPTED)
    assert accepted.opportunity.stage == Stage.CLOSED_WON
    deal = Opportunity.objects.with_amount().get(pk=accepted.opportunity_id)
    assert deal.amount == accepted.total > 0
    assert accepted.history.filter(status=QuoteStatus.ACCEPTED).exists()  # via the services
    assert all(quote.line_items.exists() for quote in Quote.objects.all())

    before = (Quote.objects.count(), OpportunityLineItem.objects.count())
    run_seeders(admin, sales)
    assert (Quote.objects.count(), OpportunityLineItem.objects.count()) == before
