"""A support agent logs a client's issue from the account page, starts it, records a new
solution on it, closes it with a resolution, and sees it closed in the account's Cases list;
then the queue shows the open work, most urgent first."""

import datetime

from django.utils import timezone

from crm.models.support import Case, CaseStatus, Solution
from crm.services.knowledge import publish_article
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    KnowledgeArticleFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"  # the factories' password


def test_agent_works_a_case_from_the_account_to_closed(signed_in_page, live_server, screenshot):
    sam = UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    account = AccountFactory(name="Brightside Bakery", owner=sam)
    lena = ContactFactory(first_name="Lena", last_name="Novak", account=account, owner=sam)
    page = signed_in_page("sam@agency.example", PASSWORD)

    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/")
    with page.expect_navigation():
        page.locator(".crm-highlights__actions").get_by_role("link", name="New Case").click()
    assert page.locator("select[name=account]").is_disabled()
    page.fill("input[name=subject]", "Contact form emails not arriving")
    page.select_option("select[name=priority]", "high")
    page.select_option("select[name=origin]", "phone")
    page.select_option("select[name=type]", "problem")
    page.select_option("select[name=contact]", str(lena.pk))
    page.fill("textarea[name=description]", "Nothing from the contact form since Friday.")
    with page.expect_navigation():
        page.click("button[name=_save]")
    case = Case.objects.get(subject="Contact form emails not arriving")
    page.get_by_text(f"Case '{case.number}' was created.").wait_for()
    assert (case.account, case.contact, case.owner) == (account, lena, sam)

    # Header actions open as dialogs over the case (issue 24); the dialog's button navigates.
    page.locator(".crm-highlights__actions").get_by_role("link", name="Start").click()
    page.locator("dialog.crm-dialog[open]").wait_for()
    with page.expect_navigation():
        page.locator(".crm-confirm").get_by_role("button", name="Start").click()
    page.get_by_text(f"Case '{case.number}' was started.").wait_for()

    page.click("a[data-tab=related]")
    solutions = page.locator("[data-related-list=solutions]")
    with page.expect_navigation():
        solutions.get_by_role("link", name="New Solution").first.click()
    page.fill("input[name=title]", "Add SPF and DKIM for the site's mail relay")
    page.fill("textarea[name=details]", "Added our relay to SPF and published the DKIM key.")
    with page.expect_navigation():
        page.click("button[name=_save]")
    solutions = page.locator("[data-related-list=solutions]")
    solutions.get_by_role("link", name="Add SPF and DKIM for the site's mail relay").wait_for()
    assert list(case.solutions.all()) == [Solution.objects.get()]
    assert screenshot("case_related.png").stat().st_size > 0

    page.locator(".crm-highlights__actions").get_by_role("link", name="Close").click()
    page.fill("textarea[name=resolution]", "SPF and DKIM published; form emails arrive again.")
    with page.expect_navigation():
        page.locator(".crm-confirm").get_by_role("button", name="Close Case").click()
    page.get_by_text(f"Case '{case.number}' was closed.").wait_for()
    page.get_by_text("SPF and DKIM published; form emails arrive again.").first.wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert screenshot("case_page.png").stat().st_size > 0

    page.goto(f"{live_server.url}/crm/account/{account.pk}/change/")
    page.click("a[data-tab=related]")
    cases = page.locator("[data-related-list=cases]")
    row = cases.locator("tr", has_text=case.number)
    row.get_by_text("Closed").wait_for()
    assert "Cases (1)" in cases.inner_text()

    for subject, priority, days in (
        ("Checkout broken after plugin update", "high", 1),
        ("Home page slow on mobile", "medium", 6),
        ("Add a booking widget", "low", 11),
        ("Site down after domain transfer", "high", 3),
    ):
        other = CaseFactory(subject=subject, priority=priority, account=account, owner=sam)
        created = timezone.now() - datetime.timedelta(days=days)
        Case.objects.filter(pk=other.pk).update(created_at=created)
    page.goto(f"{live_server.url}/crm/case/")
    rows = page.locator("#result_list tbody tr")
    rows.first.wait_for()
    assert rows.count() == 4  # the closed case left the queue
    assert "Site down after domain transfer" in rows.nth(0).inner_text()  # high, oldest
    assert "Add a booking widget" in rows.nth(3).inner_text()
    assert screenshot("case_queue.png").stat().st_size > 0


def test_reader_searches_the_knowledge_base_and_reads_an_article(
    signed_in_page, live_server, screenshot
):
    UserFactory(email="sam@agency.example", first_name="Sam", last_name="Seller")
    for title, summary, body in (
        ("Pointing your domain at our servers", "Two records at your registrar.", DNS_BODY),
        ("Renewing your SSL certificate", "Automatic renewal.", "Renews **30 days** ahead."),
    ):
        article = KnowledgeArticleFactory(title=title, url_name="", summary=summary, body=body)
        publish_article(article, user=article.owner, version=article.version)
    page = signed_in_page("sam@agency.example", PASSWORD)
    page.goto(f"{live_server.url}/portal/kb/")
    page.fill("input[name=q]", "registrar")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    results = page.locator("[data-article]")
    assert results.count() == 1
    with page.expect_navigation():
        results.get_by_role("link", name="Pointing your domain at our servers").click()
    body = page.locator("[data-role=article-body]")
    body.get_by_role("heading", name="The records").wait_for()
    assert body.locator("script").count() == 0 and body.locator("table").count() == 1
    assert screenshot("kb_article.png").stat().st_size > 0


DNS_BODY = """Sign in to your registrar and change two records.

## The records

| Type | Name | Value |
|------|------|-------|
| A | @ | `203.0.113.10` |

<script>alert("never runs")</script>

```bash
dig +short example.com
```
"""
