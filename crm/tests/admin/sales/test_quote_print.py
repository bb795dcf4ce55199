"""The printable quote (SPEC §6): agency name, number, dates, bill-to account and contact,
lines, total and expiration on a standalone page with its own print stylesheet and no inline
script (the CSP forbids them)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from crm.models import QuoteStatus
from crm.services import quotes as services
from crm.tests.factories import (
    ContactRoleFactory,
    LineItemFactory,
    OpportunityFactory,
    ProductFactory,
    QuoteFactory,
    QuoteLineItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(sales_user):
    opportunity = OpportunityFactory(owner=sales_user, account__name="Blue Bakery")
    opportunity.account.billing_city = "Boulder"
    opportunity.account.save()
    ContactRoleFactory(
        opportunity=opportunity,
        is_primary=True,
        contact__first_name="Bea",
        contact__last_name="Baker",
    )
    LineItemFactory(
        opportunity=opportunity,
        product=ProductFactory(name="Website design"),
        quantity=Decimal("2"),
        sale_price=Money("1250.00", "USD"),
    )
    LineItemFactory(
        opportunity=opportunity,
        product=ProductFactory(name="Hosting"),
        quantity=Decimal("12"),
        sale_price=Money("25.00", "USD"),
        description="Monthly",
    )
    return services.create_quote(opportunity, user=sales_user, name="Bakery website")


@override_settings(CRM_AGENCY_NAME="Pixel & Co")
def test_print_page_shows_everything_a_customer_needs(sales_client, quote):
    response = sales_client.get(f"/crm/quote/{quote.pk}/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pixel &amp; Co" in html and quote.number in html and "Bakery website" in html
    assert "Blue Bakery" in html and "Boulder" in html and "Bea Baker" in html
    assert "Website design" in html and "Hosting" in html and "Monthly" in html
    assert "$2,500.00" in html and "$300.00" in html and "$2,800.00" in html
    assert quote.expiration_date.strftime("%B") in html
    assert html.count("data-quote-line") == 2


def test_print_page_is_standalone_with_print_styles_and_no_inline_script(sales_client, quote):
    response = sales_client.get(f"/crm/quote/{quote.pk}/print/")
    html = response.content.decode()
    assert "crm-path" not in html and "sidebar" not in html  # no admin chrome
    assert "crm/quote_print.css" in html and "crm/quote_print.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> found"
    assert "onclick" not in html
    assert "script-src" in response.headers["Content-Security-Policy"]
    stylesheet = Path(finders.find("crm/quote_print.css")).read_text()
    assert "@media print" in stylesheet and "@page" in stylesheet
    assert "window.print()" in Path(finders.find("crm/quote_print.js")).read_text()


def test_record_page_links_to_the_print_page(sales_client, quote):
    html = sales_client.get(f"/crm/quote/{quote.pk}/change/").content.decode()
    assert f"/crm/quote/{quote.pk}/print/" in html and "Print / Save as PDF" in html


def test_final_quotes_still_print(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    type(quote).objects.filter(pk=quote.pk).update(status=QuoteStatus.ACCEPTED)
    assert sales_client.get(f"/crm/quote/{quote.pk}/print/").status_code == 200


def test_unknown_quote_is_a_not_found_page(sales_client):
    assert sales_client.get("/crm/quote/999999/print/").status_code == 404


def test_users_without_quote_access_cannot_print(client, quote):
    outsider = UserFactory()
    outsider.groups.clear()
    client.force_login(outsider)
    assert client.get(f"/crm/quote/{quote.pk}/print/").status_code == 403


def test_print_page_queries_do_not_grow_with_lines(sales_client, sales_user):
    quote = QuoteFactory(owner=sales_user)
    url = f"/crm/quote/{quote.pk}/print/"
    sales_client.get(url)  # warm the per-process caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sales_client.get(url).status_code == 200
        return len(queries)

    one = count()
    QuoteLineItemFactory.create_batch(19, quote=quote)
    assert one == count()
