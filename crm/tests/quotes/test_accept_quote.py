"""accept_quote (SPEC §6): the quote becomes the deal's final offer — the opportunity's lines are
replaced by the quote's in one transaction — and an opportunity has at most one accepted
quote, refused with a clear message and enforced by the database."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from djmoney.money import Money

from crm.errors import BusinessRuleError
from crm.models import OpportunityLineItem, Quote, QuoteLineItem, QuoteStatus, Stage
from crm.services import quotes as services
from crm.services.opportunities import change_stage
from crm.tests.factories import LineItemFactory, OpportunityFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(sales_user):
    opportunity = OpportunityFactory(owner=sales_user)
    LineItemFactory(opportunity=opportunity, quantity=1, sale_price=Money("1000.00", "USD"))
    return opportunity


def _presented(deal, user, *, price="800.00", extra_product=None):
    """A presented quote of ``deal`` whose lines differ from the deal's."""
    quote = services.create_quote(deal, user=user)
    line = quote.line_items.get()
    line.sale_price = Money(price, "USD")
    services.save_quote_line(line, user=user)
    if extra_product is not None:
        services.save_quote_line(
            QuoteLineItem(quote=quote, product=extra_product, quantity=4, description="Extra"),
            user=user,
        )
    services.present_quote(quote, user=user)
    return quote


def _deal_lines(deal):
    return list(
        OpportunityLineItem.objects.filter(opportunity=deal)
        .order_by("pk")
        .values_list("product_id", "quantity", "sale_price", "description")
    )


def test_accepting_replaces_the_opportunity_lines_with_the_quote_lines(deal, sales_user):
    extra = ProductFactory()
    quote = _presented(deal, sales_user, extra_product=extra)
    old_ids = set(OpportunityLineItem.objects.filter(opportunity=deal).values_list("pk", flat=True))
    services.accept_quote(quote, user=sales_user, version=quote.version)
    expected = list(
        QuoteLineItem.objects.filter(quote=quote)
        .order_by("pk")
        .values_list("product_id", "quantity", "sale_price", "description")
    )
    assert _deal_lines(deal) == expected
    assert expected[1] == (extra.pk, Decimal("4.00"), Decimal("1000.00"), "Extra")
    # The old lines are gone, with a deletion in their history attributed to the user.
    assert not OpportunityLineItem.objects.filter(pk__in=old_ids).exists()
    deleted = OpportunityLineItem.history.filter(id__in=old_ids, history_type="-")
    assert deleted.count() == len(old_ids)
    assert {h.history_user_id for h in deleted} == {sales_user.pk}
    amount = type(deal).objects.with_amount().get(pk=deal.pk).amount
    assert amount == Quote.objects.with_total().get(pk=quote.pk).total == Decimal("4800.00")


def test_accepting_on_a_won_opportunity_replaces_its_lines(deal, sales_user):
    quote = _presented(deal, sales_user, price="750.00")
    change_stage(deal, stage=Stage.CLOSED_WON, user=sales_user)
    services.accept_quote(quote, user=sales_user)
    assert [row[2] for row in _deal_lines(deal)] == [Decimal("750.00")]


def test_a_fault_while_copying_lines_rolls_everything_back(deal, sales_user, monkeypatch):
    quote = _presented(deal, sales_user, extra_product=ProductFactory())
    before = _deal_lines(deal)
    original_save = OpportunityLineItem.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:  # after the old lines are deleted and the first new one written
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(OpportunityLineItem, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.accept_quote(quote, user=sales_user)
    monkeypatch.undo()
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.PRESENTED
    assert _deal_lines(deal) == before


def test_a_second_acceptance_is_a_clear_refusal(deal, sales_user):
    first = _presented(deal, sales_user, price="900.00")
    second = _presented(deal, sales_user, price="700.00")
    services.accept_quote(first, user=sales_user)
    with pytest.raises(BusinessRuleError, match=r"already has an accepted quote \(Q-"):
        services.accept_quote(second, user=sales_user)
    assert Quote.objects.get(pk=second.pk).status == QuoteStatus.PRESENTED
    assert [row[2] for row in _deal_lines(deal)] == [Decimal("900.00")]


def test_the_database_allows_one_accepted_quote_per_opportunity(deal, sales_user):
    first = _presented(deal, sales_user)
    second = _presented(deal, sales_user)
    Quote.objects.filter(pk=first.pk).update(status=QuoteStatus.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=second.pk).update(status=QuoteStatus.ACCEPTED)
    # Denied quotes are not limited.
    Quote.objects.filter(pk=second.pk).update(status=QuoteStatus.DENIED)


def test_accepting_is_refused_on_a_lost_opportunity(deal, sales_user):
    quote = _presented(deal, sales_user)
    change_stage(deal, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason="price")
    with pytest.raises(BusinessRuleError, match="Closed Lost"):
        services.accept_quote(quote, user=sales_user)


def test_accepting_is_refused_when_the_opportunity_changed_currency(deal, sales_user):
    quote = _presented(deal, sales_user)
    OpportunityLineItem.objects.filter(opportunity=deal).delete()
    type(deal).objects.filter(pk=deal.pk).update(currency="EUR")
    with pytest.raises(BusinessRuleError, match="create a new quote instead"):
        services.accept_quote(quote, user=sales_user)


@pytest.mark.django_db(transaction=True)
def test_two_quotes_accepted_at_once_make_exactly_one_accepted(postgres_only, sales_user):
    deal = OpportunityFactory(owner=sales_user)
    LineItemFactory(opportunity=deal)
    quotes = [_presented(deal, sales_user, price=p) for p in ("900.00", "700.00")]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(quote):
        close_old_connections()
        try:
            barrier.wait()
            services.accept_quote(Quote.objects.get(pk=quote.pk), user=sales_user)
            outcomes.append("accepted")
        except BusinessRuleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(quote,)) for quote in quotes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Quote.objects.filter(status=QuoteStatus.ACCEPTED).count() == 1
    accepted = Quote.objects.get(status=QuoteStatus.ACCEPTED)
    price = accepted.line_items.get().sale_price.amount
    assert [row[2] for row in _deal_lines(deal)] == [price]
