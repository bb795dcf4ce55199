"""The printable quote in Chromium: from the quote's page, "Print / Save as PDF" opens the
standalone quote; its Print button works under the CSP (static JS), the toolbar disappears in
print, and a 5-line quote saves as exactly one page on A4 and on Letter."""

import re
from decimal import Decimal

from djmoney.money import Money

from crm.services import quotes as services
from crm.tests.factories import (
    AccountFactory,
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password
PRODUCTS = [
    ("Website design", "Home, about, services and contact pages", "4", "1250.00"),
    ("Online shop setup", "Catalogue of up to 200 products", "1", "3400.00"),
    ("SEO audit", "Technical and content audit", "1", "900.00"),
    ("Hosting", "Managed hosting, monthly", "12", "45.00"),
    ("Copywriting", "Per page", "8", "180.00"),
]
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _pdf_pages(pdf: bytes) -> int:
    """Chromium writes each page as an uncompressed ``/Type /Page`` object."""
    assert pdf.startswith(b"%PDF")
    return len(PAGE_OBJECT.findall(pdf))


def _five_line_quote(owner):
    account = AccountFactory(name="Brightside Bakery", owner=owner, billing_city="Denver")
    deal = OpportunityFactory(account=account, owner=owner, name="Brightside web shop")
    ContactRoleFactory(
        opportunity=deal, is_primary=True, contact__first_name="Lena", contact__last_name="Novak"
    )
    for name, description, quantity, price in PRODUCTS:
        LineItemFactory(
            opportunity=deal,
            product=ProductFactory(name=name),
            quantity=Decimal(quantity),
            sale_price=Money(price, "USD"),
            description=description,
        )
    return services.create_quote(deal, user=owner, name="Brightside web shop")


def test_a_five_line_quote_prints_on_one_page(signed_in_page, live_server, screenshot):
    seller = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    quote = _five_line_quote(seller)
    page = signed_in_page("sam@agency.example", PASSWORD)

    page.goto(f"{live_server.url}/crm/quote/{quote.pk}/change/")
    page.get_by_text(quote.number).first.wait_for()
    screenshot("quote_record_page.png")
    with page.expect_navigation():
        page.locator(f"a[href$='/crm/quote/{quote.pk}/print/']").first.click()

    assert page.locator("[data-quote-number]").inner_text() == quote.number
    assert page.locator("[data-quote-line]").count() == 5
    assert page.locator("[data-quote-total]").inner_text() == "$11,280.00"
    assert "Lena Novak" in page.inner_text("body")
    # The Print button's static script runs under the CSP (window.print stubbed: headless).
    page.evaluate("window.print = () => { window.__quotePrinted = true; }")
    page.click("[data-print-quote]")
    assert page.evaluate("window.__quotePrinted") is True
    screenshot("quote_print_page.png")

    page.emulate_media(media="print")
    assert page.locator(".quote-toolbar").is_hidden()
    screenshot("quote_print_media.png")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert _pdf_pages(pdf) == 1, f"{paper}: {_pdf_pages(pdf)} pages"
    # The page counter itself: a quote padded to 80 rows needs more than one page.
    page.evaluate(
        """const body = document.querySelector(".quote-lines tbody");
        const row = body.querySelector("tr");
        for (let i = 0; i < 75; i++) body.appendChild(row.cloneNode(true));"""
    )
    assert _pdf_pages(page.pdf(format="A4")) > 1


def test_create_quote_from_an_opportunity_opens_the_new_quote(
    signed_in_page, live_server, screenshot
):
    seller = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    deal = OpportunityFactory(owner=seller, name="Brightside web shop")
    LineItemFactory(opportunity=deal, product=ProductFactory(name="Website design"))
    page = signed_in_page("sam@agency.example", PASSWORD)

    page.goto(f"{live_server.url}/crm/opportunity/{deal.pk}/change/")
    page.locator(f"a[href$='/crm/opportunity/{deal.pk}/create-quote/']").first.click()
    page.locator("dialog.crm-dialog[open] input[name=name]").fill("Brightside — phase 1")
    with page.expect_navigation():
        page.locator("dialog.crm-dialog[open]").get_by_role("button", name="Create Quote").click()

    quote = deal.quotes.get()
    assert page.url.endswith(f"/crm/quote/{quote.pk}/change/")
    page.get_by_text(f"Quote '{quote}' was created.").wait_for()
    screenshot("quote_created.png")
    page.goto(f"{live_server.url}/crm/opportunity/{deal.pk}/change/")
    page.click("a[data-tab=related]")
    quotes = page.locator("[data-related-list=quotes]")
    quotes.get_by_role("link", name=quote.number).wait_for()
    screenshot("opportunity_quotes_card.png")
