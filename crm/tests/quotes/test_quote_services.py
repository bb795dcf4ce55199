"""Quote services (SPEC §6): create_quote copies the deal's lines, every status move is allowed
or refused as the path says, lines change only in a draft, final quotes are read-only."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Quote, QuoteLineItem, QuoteStatus, Stage
from crm.models.quotes import QUOTE_LINES_LOCKED
from crm.services import quotes as services
from crm.services.opportunities import change_stage
from crm.services.records import save_record
from crm.tests.factories import (
    ContactFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(sales_user):
    opportunity = OpportunityFactory(owner=sales_user, name="Website rebuild")
    LineItemFactory(opportunity=opportunity, quantity=2, sale_price=Money("1500.00", "USD"))
    LineItemFactory(
        opportunity=opportunity,
        quantity=1,
        sale_price=Money("300.00", "USD"),
        description="Hosting, first year",
    )
    return opportunity


def _set_status(quote, status):
    Quote.objects.filter(pk=quote.pk).update(status=status)
    return Quote.objects.get(pk=quote.pk)


def _total(quote) -> Decimal:
    return Quote.objects.with_total().get(pk=quote.pk).total


# --- create_quote -------------------------------------------------------------------------------
def test_create_quote_copies_lines_account_currency_and_bill_to(deal, sales_user):
    primary = ContactRoleFactory(opportunity=deal, is_primary=True).contact
    quote = services.create_quote(deal, user=sales_user)
    assert quote.status == QuoteStatus.DRAFT
    assert quote.name == "Website rebuild"
    assert quote.account_id == deal.account_id and quote.contact == primary
    assert quote.owner == sales_user and quote.currency == "USD"
    assert quote.expiration_date == timezone.localdate() + datetime.timedelta(days=30)
    copied = list(quote.line_items.order_by("pk").values_list("quantity", "sale_price"))
    assert copied == [(Decimal("2.00"), Decimal("1500.00")), (Decimal("1.00"), Decimal("300.00"))]
    assert quote.line_items.filter(description="Hosting, first year").exists()
    assert _total(quote) == Decimal("3300.00")
    assert quote.number == f"Q-{quote.pk:06d}"
    assert quote.history.count() == 1


def test_create_quote_takes_name_and_expiration(deal, sales_user):
    day = datetime.date(2027, 1, 31)
    quote = services.create_quote(deal, user=sales_user, name="Phase 1", expiration_date=day)
    assert (quote.name, quote.expiration_date) == ("Phase 1", day)


def test_create_quote_refuses_a_past_expiration_date(deal, sales_user):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(BusinessRuleError, match="cannot be in the past"):
        services.create_quote(deal, user=sales_user, expiration_date=yesterday)
    assert not Quote.objects.exists()


def test_create_quote_refuses_a_lost_opportunity(deal, sales_user):
    change_stage(deal, stage=Stage.CLOSED_LOST, user=sales_user, loss_reason="price")
    with pytest.raises(BusinessRuleError, match="Closed Lost"):
        services.create_quote(deal, user=sales_user)
    assert not Quote.objects.exists()


def test_create_quote_refuses_an_opportunity_without_lines(sales_user):
    with pytest.raises(BusinessRuleError, match="has no products yet"):
        services.create_quote(OpportunityFactory(owner=sales_user), user=sales_user)
    assert not Quote.objects.exists()


def test_create_quote_from_a_won_opportunity(deal, sales_user):
    change_stage(deal, stage=Stage.CLOSED_WON, user=sales_user)
    assert services.create_quote(deal, user=sales_user).line_items.count() == 2


# --- the status path ------------------------------------------------------------------------------
def test_present_then_accept(deal, sales_user):
    quote = services.create_quote(deal, user=sales_user)
    services.present_quote(quote, user=sales_user, version=quote.version)
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.PRESENTED
    services.accept_quote(quote, user=sales_user, version=quote.version)
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.ACCEPTED


def test_present_then_deny(deal, sales_user):
    quote = services.create_quote(deal, user=sales_user)
    services.present_quote(quote, user=sales_user)
    services.deny_quote(quote, user=sales_user)
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.DENIED


def test_a_draft_without_lines_cannot_be_presented(sales_user):
    quote = QuoteFactory(line=None, owner=sales_user)
    with pytest.raises(BusinessRuleError, match="Add at least one line"):
        services.present_quote(quote, user=sales_user)


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (QuoteStatus.DRAFT, services.accept_quote),
        (QuoteStatus.DRAFT, services.deny_quote),
        (QuoteStatus.PRESENTED, services.present_quote),
        (QuoteStatus.ACCEPTED, services.present_quote),
        (QuoteStatus.ACCEPTED, services.deny_quote),
        (QuoteStatus.ACCEPTED, services.accept_quote),
        (QuoteStatus.DENIED, services.present_quote),
        (QuoteStatus.DENIED, services.accept_quote),
        (QuoteStatus.DENIED, services.deny_quote),
    ],
)
def test_moves_off_the_path_are_refused(sales_user, status, service):
    quote = _set_status(QuoteFactory(owner=sales_user), status)
    with pytest.raises(BusinessRuleError):
        service(quote, user=sales_user)
    assert Quote.objects.get(pk=quote.pk).status == status


def test_a_stale_version_is_refused(deal, sales_user):
    quote = services.create_quote(deal, user=sales_user)
    seen = quote.version
    save_record(quote, user=sales_user)  # someone else saved meanwhile
    with pytest.raises(ConcurrencyError):
        services.present_quote(quote, user=sales_user, version=seen)


def test_user_without_change_permission_cannot_move_a_quote(deal, sales_user):
    from crm.tests.factories import UserFactory

    outsider = UserFactory()
    outsider.groups.clear()
    quote = services.create_quote(deal, user=sales_user)
    with pytest.raises(BusinessRuleError, match="permission"):
        services.present_quote(quote, user=outsider)
    with pytest.raises(BusinessRuleError, match="permission"):
        services.create_quote(deal, user=outsider)


# --- lines only in a draft; final quotes read-only ------------------------------------------------
def test_lines_are_editable_in_a_draft(sales_user):
    quote = QuoteFactory(owner=sales_user)
    line = QuoteLineItem(quote=quote, product=ProductFactory(), quantity=3, sale_price=None)
    services.save_quote_line(line, user=sales_user)
    assert line.sale_price == Money("1000.00", "USD")  # blank price = the list price
    services.remove_quote_line(line, user=sales_user)
    assert quote.line_items.count() == 1


@pytest.mark.parametrize("status", [s for s in QuoteStatus if s != QuoteStatus.DRAFT])
def test_lines_are_locked_outside_a_draft(sales_user, status):
    quote = _set_status(QuoteFactory(owner=sales_user), status)
    line = quote.line_items.get()
    line.quantity = 5
    with pytest.raises(BusinessRuleError, match="only be changed while the quote is a draft"):
        services.save_quote_line(line, user=sales_user)
    with pytest.raises(BusinessRuleError, match="only be changed while the quote is a draft"):
        services.remove_quote_line(line, user=sales_user)
    new = QuoteLineItem(quote=quote, product=ProductFactory(), quantity=1)
    with pytest.raises(BusinessRuleError):
        services.save_quote_line(new, user=sales_user)
    with pytest.raises(Exception, match=QUOTE_LINES_LOCKED):
        line.full_clean()  # the model refuses it too
    assert quote.line_items.get().quantity == Decimal("1.00")


def test_line_price_must_be_in_the_quote_currency(sales_user):
    quote = QuoteFactory(owner=sales_user)
    line = QuoteLineItem(quote=quote, product=ProductFactory(), quantity=1)
    line.sale_price = Money("10.00", "EUR")
    with pytest.raises(BusinessRuleError, match="quote's currency"):
        services.save_quote_line(line, user=sales_user)


@pytest.mark.parametrize("status", [QuoteStatus.ACCEPTED, QuoteStatus.DENIED])
def test_final_quotes_are_read_only(sales_user, status):
    quote = _set_status(QuoteFactory(owner=sales_user), status)
    quote.name = "Changed"
    with pytest.raises(BusinessRuleError, match="can no longer be changed"):
        save_record(quote, user=sales_user)


def test_a_presented_quote_keeps_its_header_editable(sales_user):
    quote = _set_status(QuoteFactory(owner=sales_user), QuoteStatus.PRESENTED)
    quote.name = "Renamed"
    save_record(quote, user=sales_user)
    assert Quote.objects.get(pk=quote.pk).name == "Renamed"


def test_bill_to_contact_must_belong_to_the_account(sales_user):
    quote = QuoteFactory(owner=sales_user)
    quote.contact = ContactFactory()  # another account's contact
    with pytest.raises(BusinessRuleError, match="does not belong to"):
        save_record(quote, user=sales_user)
    quote.contact = ContactFactory(account=quote.account)
    save_record(quote, user=sales_user)


def test_a_quote_stays_with_its_opportunity(sales_user):
    quote = QuoteFactory(owner=sales_user)
    quote.opportunity = OpportunityFactory(account=quote.account)
    with pytest.raises(BusinessRuleError, match="stays with the opportunity"):
        save_record(quote, user=sales_user)
