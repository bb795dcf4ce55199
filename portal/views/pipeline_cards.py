"""The Kanban cards as HTML, for the board's first page and for "Show more". The markup is
produced with ``format_html_join`` (every value escaped); it mirrors the card described in
UI.md. Card URLs and money formatting live here, not in the selector (data only)."""

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from crm.formatting import format_money

CARD = (
    '<li class="pipeline__card" data-id="{}" data-version="{}">'
    '<a class="pipeline__card-name" href="{}">{}</a>'
    '<div class="pipeline__card-account">{}</div>'
    '<div class="pipeline__card-meta"><span>{}</span>'
    '<span class="pipeline__owner" title="{}">{}</span></div></li>'
)


def _meta(card: dict) -> str:
    amount = format_money(card["amount"], card["currency"])
    day = card["close_date"]
    return f"{amount} · {day:%b} {day.day}" if day else amount


def _initials(card: dict) -> str:
    first, last = card["owner__first_name"] or "", card["owner__last_name"] or ""
    return f"{first[:1]}{last[:1]}".upper()


def render_cards(cards: list[dict]) -> SafeString:
    record_url = reverse("admin:crm_opportunity_change", args=[0])
    return format_html_join(
        "",
        CARD,
        (
            (
                card["id"],
                card["version"],
                record_url.replace("/0/", f"/{card['id']}/", 1),
                card["name"],
                card["account__name"],
                _meta(card),
                f"{card['owner__first_name']} {card['owner__last_name']}".strip(),
                _initials(card),
            )
            for card in cards
        ),
    )
