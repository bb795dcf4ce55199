"""Record pages in Chromium: the opportunity opens with Products and Contact Roles beside
Details (stacked at phone width), the Related / Activity / History tabs load when clicked,
``?tab=`` opens a tab without JavaScript, and a deactivated contact stays on the deal marked
Inactive. Screenshots of the first tab of an opportunity, a quote, an order and a case."""

from crm.models import KnowledgeArticle
from crm.services import cases as case_services
from crm.tests.factories import (
    AccountFactory,
    AttachmentFactory,
    CaseFactory,
    ContactFactory,
    ContactRoleFactory,
    KnowledgeArticleFactory,
    LineItemFactory,
    OpportunityFactory,
    OrderFactory,
    QuoteFactory,
    QuoteLineItemFactory,
    TaskFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def _deal(sam):
    account = AccountFactory(name="Brightside Bakery", owner=sam)
    deal = OpportunityFactory(name="Website rebuild", account=account, owner=sam)
    LineItemFactory(opportunity=deal)
    nia = ContactFactory(first_name="Nia", last_name="Obi", account=account, owner=sam)
    gone = ContactFactory(first_name="Olga", last_name="Left", account=account, owner=sam)
    ContactRoleFactory(opportunity=deal, contact=nia, is_primary=True)
    ContactRoleFactory(opportunity=deal, contact=gone)
    gone.is_active = False
    gone.save()
    AttachmentFactory(record=deal)
    TaskFactory(related_opportunity=deal, subject="Send the proposal")
    return deal


def test_tabs_load_when_clicked_and_main_cards_sit_beside_details(
    signed_in_page, live_server, screenshot
):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    deal = _deal(sam)
    page = signed_in_page("sam@agency.example", PASSWORD)
    url = f"{live_server.url}/crm/opportunity/{deal.pk}/change/"
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url)
    products = page.locator("#main-products")
    roles = page.locator("#main-contact_roles")
    assert products.is_visible() and roles.is_visible()
    # Beside Details: the cards start level with the form, to its right.
    form_box = page.locator("#opportunity_form").bounding_box()
    assert products.bounding_box()["x"] > form_box["x"] + form_box["width"] - 1
    inactive = roles.locator("tr", has_text="Olga Left")
    assert "crm-row--inactive" in inactive.get_attribute("class")
    assert inactive.get_by_text("Inactive").is_visible()
    assert page.locator("#related-group [data-related-list]").count() == 0
    screenshot("record_tabs_opportunity_1440")

    page.locator(".crm-tabs [data-tab=related]").click()
    page.locator("#related-attachments").wait_for()
    assert not products.is_visible()
    assert page.url.endswith("#related")
    page.locator(".crm-tabs [data-tab=activity]").click()
    page.locator("#activity-group").get_by_text("Send the proposal").wait_for()
    page.locator(".crm-tabs [data-tab=history]").click()
    page.locator("#history-group").get_by_text("Field history").wait_for()
    page.locator(".crm-tabs [data-tab=details]").click()
    products.wait_for()  # shown once the page's scripts have run
    assert products.is_visible()

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(url)
    # Stacked at phone width: the cards come below Details.
    form_box = page.locator("#opportunity_form").bounding_box()
    assert products.bounding_box()["y"] >= form_box["y"] + form_box["height"] - 1
    screenshot("record_tabs_opportunity_390")


def test_tabs_open_without_javascript(browser, signed_in_page, live_server):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    deal = _deal(sam)
    # Signed in with JavaScript (the login page needs it), then browsing without.
    signed_in = signed_in_page("sam@agency.example", PASSWORD).context.storage_state()
    context = browser.new_context(
        java_script_enabled=False, storage_state=signed_in, viewport={"width": 1440, "height": 900}
    )
    page = context.new_page()
    url = f"{live_server.url}/crm/opportunity/{deal.pk}/change/"
    page.goto(url)
    # Unfold's shell shows itself with Alpine, so follow the tab links as a reader would.
    for tab, text in [("related", "Attachments"), ("activity", "Send the proposal")]:
        href = page.locator(f".crm-tabs [data-tab={tab}]").get_attribute("href")
        assert href == f"?tab={tab}"
        page.goto(url + href)
        panel = page.locator(f"#{tab}-group")
        assert panel.get_attribute("x-cloak") is None and text in panel.inner_text()
    assert page.locator(".crm-first-tab").get_attribute("x-cloak") is not None
    context.close()


def test_first_tabs_of_quote_order_and_case(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    quote = QuoteFactory(owner=sam)
    QuoteLineItemFactory(quote=quote)
    order = OrderFactory(owner=sam, lines=2)
    contact = ContactFactory(first_name="Lena", last_name="Novak", owner=sam)
    case = CaseFactory(account=contact.account, contact=contact, owner=sam)
    article = KnowledgeArticleFactory(title="Resetting the contact form")
    KnowledgeArticle.objects.filter(pk=article.pk).update(status="published")
    case_services.link_article(case, article=article, user=sam, version=None)
    contact.is_active = False
    contact.save()
    page = signed_in_page("sam@agency.example", PASSWORD)
    for name, record, card in [
        ("quote", quote, "#main-quote_lines"),
        ("order", order, "#main-line_items"),
        ("case", case, "#main-articles"),
    ]:
        for width in (1440, 390):
            page.set_viewport_size({"width": width, "height": 1000})
            page.goto(f"{live_server.url}/crm/{name}/{record.pk}/change/")
            assert page.locator(card).is_visible()
            screenshot(f"record_tabs_{name}_{width}")
    assert page.locator(".crm-highlights").get_by_text("Inactive").is_visible()
