"""Demo quotes, made through the real services: an accepted quote on a won deal (a discounted
line, so accepting visibly replaces the deal's products), a denied and a presented one on open
deals, and drafts. Idempotent: nothing happens once any quote exists."""

from decimal import Decimal

from djmoney.money import Money

from crm.models import Opportunity, Quote, Stage
from crm.services import quotes as services

DISCOUNT_FACTOR = Decimal("0.90")
CENT = Decimal("0.01")


def _with_lines(queryset):
    return list(queryset.filter(line_items__isnull=False).distinct().order_by("pk")[:8])


def _discount_first_line(quote: Quote, *, user) -> None:
    line = quote.line_items.order_by("pk").first()
    line.sale_price = Money(
        (line.sale_price.amount * DISCOUNT_FACTOR).quantize(CENT), quote.currency
    )
    line.description = "Discount agreed in the final round"
    services.save_quote_line(line, user=user)


def seed(*, admin, sales, scale: int) -> None:
    if Quote.objects.exists():
        return
    won = _with_lines(Opportunity.objects.filter(stage=Stage.CLOSED_WON))
    open_deals = _with_lines(Opportunity.objects.open())
    if won:
        deal = won[0]
        accepted = services.create_quote(deal, user=deal.owner, name=f"{deal.name} — final offer")
        _discount_first_line(accepted, user=deal.owner)
        services.present_quote(accepted, user=deal.owner)
        services.accept_quote(accepted, user=deal.owner)
    plans = [("denied", 0), ("presented", 1), ("draft", 2), ("draft", 3)]
    for outcome, index in plans:
        if index >= len(open_deals):
            break
        deal = open_deals[index]
        quote = services.create_quote(deal, user=deal.owner)
        if outcome in ("denied", "presented"):
            services.present_quote(quote, user=deal.owner)
        if outcome == "denied":
            services.deny_quote(quote, user=deal.owner)
