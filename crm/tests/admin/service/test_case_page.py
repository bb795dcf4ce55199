"""The case page (SPEC §7): highlights, path, Close with a resolution, linked solutions and
articles (Link / New / Remove), and "New Case" / Cases cards on accounts and contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.models.support import Case, CaseStatus, Solution
from crm.services import cases as services
from crm.tests.factories import (
    AccountFactory,
    CaseFactory,
    ContactFactory,
    KnowledgeArticleFactory,
    SolutionFactory,
)
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db
# Session, user, permissions, the record, the path's transitions, cards (count + rows each),
# history: fixed however many solutions, articles or attachments the case has.
CASE_PAGE_QUERIES = 9  # Details with the Articles card, and the Recently Viewed upsert
CASE_RELATED_TAB_QUERIES = 14


def page_url(case, suffix=""):
    return reverse("admin:crm_case_change", args=[case.pk]) + suffix


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_case_page_shows_highlights_path_and_cards(sales_client, case):
    response = sales_client.get(page_url(case, "?tab=related"))
    assert response.status_code == 200
    highlights = response.context["highlights"]
    assert highlights["title"] == case.number
    labels = [str(label).lower() for label, _ in highlights["fields"]]
    assert labels == ["subject", "account", "contact", "priority", "status", "owner"]
    stages = [stage["value"] for stage in response.context["record_path"]["stages"]]
    assert stages == ["new", "in_progress", "escalated", "closed"]
    cards = [card["key"] for card in response.context["related_cards"]]
    assert cards == ["solutions", "articles", "attachments"]
    html = response.content.decode()
    assert "Link Solution" in html and "Link Article" in html and "New Solution" in html


def link_published_article(case, user):
    article = KnowledgeArticleFactory()
    KnowledgeArticle.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    services.link_article(case, article=article, user=user, version=None)


def test_the_case_page_query_count_does_not_grow(sales_client, sales_user, case):
    services.link_solution(case, solution=SolutionFactory(), user=sales_user, version=None)
    link_published_article(case, sales_user)
    with CaptureQueriesContext(connection) as few:
        assert sales_client.get(page_url(case)).status_code == 200
    for _ in range(11):
        services.link_solution(case, solution=SolutionFactory(), user=sales_user, version=None)
    for _ in range(7):
        link_published_article(case, sales_user)
    with CaptureQueriesContext(connection) as many:
        response = sales_client.get(page_url(case))
    assert [card["count"] for card in response.context["first_tab_cards"]] == [8]  # articles
    assert len(few) == len(many) == CASE_PAGE_QUERIES
    with CaptureQueriesContext(connection) as related:
        response = sales_client.get(page_url(case, "?tab=related"))
    assert response.context["related_total"] == 20
    assert len(related) == CASE_RELATED_TAB_QUERIES


def test_start_from_the_header(sales_client, case):
    start = reverse("admin:crm_case_start_detail", args=[case.pk])
    assert sales_client.get(start).status_code == 200
    response = sales_client.post(start, {"version": case.version}, follow=True)
    assert f"Case '{case}' was started." in messages_of(response)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS


def test_mark_stage_as_complete_leads_to_close_not_escalation(sales_client, sales_user, case):
    services.start_case(case, user=sales_user, version=case.version)
    path = sales_client.get(page_url(case)).context["record_path"]
    assert path["next_stage"]["value"] == "closed"
    assert path["next_stage"]["url"] == reverse("admin:crm_case_close_detail", args=[case.pk])
    escalated = next(stage for stage in path["stages"] if stage["value"] == "escalated")
    assert escalated["allowed"] is False  # the Escalate header button does it


def test_escalate_from_the_path(sales_client, case):
    url = reverse("admin:crm_case_path", args=[case.pk, "escalated"])
    sales_client.post(url, {"version": case.version})
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ESCALATED


def test_close_asks_for_the_resolution_and_shows_it(sales_client, case):
    close = reverse("admin:crm_case_close_detail", args=[case.pk])
    # The path's Closed chevron posts only the version: the page asks, nothing changes.
    asked = sales_client.post(close, {"version": case.version})
    assert asked.status_code == 200 and "How was" in asked.content.decode()
    assert "This field is required" not in asked.content.decode()
    empty = sales_client.post(close, {"version": case.version, "resolution": " "})
    assert "This field is required" in empty.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    data = {"version": case.version, "resolution": "Reset the SMTP password."}
    response = sales_client.post(close, with_once(sales_client, close, data), follow=True)
    assert f"Case '{case}' was closed." in messages_of(response)
    closed = Case.objects.get(pk=case.pk)
    assert closed.status == CaseStatus.CLOSED and closed.resolution == "Reset the SMTP password."
    page = sales_client.get(page_url(case)).content.decode()
    assert "Reset the SMTP password." in page and "Resolution" in page


def test_a_stale_close_is_refused(sales_client, sales_user, case):
    stale = case.version
    services.start_case(case, user=sales_user, version=case.version)
    close = reverse("admin:crm_case_close_detail", args=[case.pk])
    data = with_once(sales_client, close, {"version": stale, "resolution": "x"})
    response = sales_client.post(close, data, follow=True)
    assert any("modified by another user" in m for m in messages_of(response))
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS


def test_link_a_solution_by_search(sales_client, case):
    SolutionFactory(title="Renew the SSL certificate", details="Run certbot renew.")
    wanted = SolutionFactory(title="Re-authorise SMTP")
    SolutionFactory(title="Duplicate SMTP", status="duplicate")
    url = reverse("admin:crm_case_link_solution", args=[case.pk])
    found = sales_client.get(url, {"q": "smtp"})
    assert [s.title for s in found.context["candidates"]] == ["Re-authorise SMTP"]
    response = sales_client.post(url, {"version": case.version, "item": wanted.pk}, follow=True)
    assert f"Solution 'Re-authorise SMTP' was linked to {case}." in messages_of(response)
    assert list(case.solutions.all()) == [wanted]
    missing = sales_client.post(url, {"version": case.version + 1, "item": "abc"}, follow=True)
    assert "That solution no longer exists." in messages_of(missing)
    no_version = sales_client.post(url, {"item": wanted.pk})
    assert no_version.status_code == 400


def test_remove_a_linked_solution_after_confirmation(sales_client, sales_user, case):
    solution = SolutionFactory(title="Flush the cache")
    services.link_solution(case, solution=solution, user=sales_user, version=None)
    case.refresh_from_db()
    url = reverse("admin:crm_case_unlink_solution", args=[case.pk, solution.pk])
    assert (
        "Remove the solution &#x27;Flush the cache&#x27;" in sales_client.get(url).content.decode()
    )
    sales_client.post(url, {"version": case.version})
    assert not case.solutions.exists()
    assert (
        sales_client.get(
            reverse("admin:crm_case_unlink_solution", args=[case.pk, 999999])
        ).status_code
        == 404
    )


def test_new_solution_from_a_case_is_created_and_linked(sales_client, case):
    add = reverse("admin:crm_solution_add") + f"?cases={case.pk}"
    assert f"Linked to {case} when saved" in sales_client.get(add).content.decode()
    response = sales_client.post(
        add, {"title": "Whitelist the server IP", "status": "draft", "details": "In cPanel."}
    )
    assert response.status_code == 302 and response.url == page_url(case, "#related")
    solution = Solution.objects.get(title="Whitelist the server IP")
    assert list(case.solutions.all()) == [solution]


def test_only_published_articles_are_offered_and_linked(sales_client, case):
    KnowledgeArticleFactory(title="DNS draft")
    article = KnowledgeArticleFactory(title="Changing DNS records")
    KnowledgeArticle.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    url = reverse("admin:crm_case_link_article", args=[case.pk])
    offered = sales_client.get(url, {"q": "DNS"}).context["candidates"]
    assert [a.title for a in offered] == ["Changing DNS records"]
    sales_client.post(url, {"version": case.version, "item": article.pk})
    assert list(case.articles.all()) == [article]


def test_new_case_from_an_account_prefills_and_locks_it(sales_client, account, contact):
    ContactFactory(account=AccountFactory(name="Elsewhere"), last_name="Stranger")
    start = reverse("admin:crm_account_new_case", args=[account.pk])
    response = sales_client.get(start)
    assert response.url == reverse("admin:crm_case_add") + f"?account={account.pk}"
    form = sales_client.get(response.url).context["adminform"].form
    assert form.fields["account"].disabled and str(form.initial["account"]) == str(account.pk)
    assert list(form.fields["contact"].queryset) == [contact]
    created = sales_client.post(
        response.url,
        {"subject": "Site is slow", "priority": "high", "origin": "phone", "type": "problem"},
    )
    case = Case.objects.get(subject="Site is slow")
    assert created.url == page_url(case) and case.account == account


def test_new_case_from_a_contact_prefills_contact_and_account(sales_client, account, contact):
    start = reverse("admin:crm_contact_new_case", args=[contact.pk])
    url = sales_client.get(start).url
    form = sales_client.get(url).context["adminform"].form
    assert form.fields["contact"].disabled and form.fields["account"].disabled
    sales_client.post(url, {"subject": "Email bounces", "priority": "medium"})
    case = Case.objects.get(subject="Email bounces")
    assert case.contact == contact and case.account == account


def test_contact_of_another_account_is_a_form_error(sales_client, account):
    stranger = ContactFactory(account=AccountFactory(name="Other Co"))
    response = sales_client.post(
        reverse("admin:crm_case_add"),
        {"subject": "x", "priority": "low", "account": account.pk, "contact": stranger.pk},
    )
    assert response.status_code == 200
    assert "must belong to the case&#x27;s account" in response.content.decode()
    assert not Case.objects.exists()


def test_account_and_contact_pages_list_their_cases(sales_client, sales_user, case, account):
    services.close_case(case, user=sales_user, version=None, resolution="Done.")
    CaseFactory(subject="Open one", account=account, contact=None, owner=sales_user)
    response = sales_client.get(
        reverse("admin:crm_account_change", args=[account.pk]) + "?tab=related"
    )
    card = next(c for c in response.context["related_cards"] if c["key"] == "cases")
    assert card["count"] == 2 and card["new_label"] == "New Case"
    assert [row["cells"][1]["text"] for row in card["rows"]] == ["Open one", case.subject]
    assert "view=all" in card["view_all_url"]
    contact_page = sales_client.get(
        reverse("admin:crm_contact_change", args=[case.contact_id]) + "?tab=related"
    )
    card = next(c for c in contact_page.context["related_cards"] if c["key"] == "cases")
    assert card["count"] == 1 and card["rows"][0]["cells"][3]["text"] == "Closed"


def test_view_all_links_list_every_linked_record(sales_client, sales_user, case, account):
    solution = SolutionFactory(title="Flush the cache")
    services.link_solution(case, solution=solution, user=sales_user, version=None)
    services.close_case(case, user=sales_user, version=None, resolution="Done.")
    case_page = sales_client.get(page_url(case, "?tab=related")).context["related_cards"]
    solutions_card = next(c for c in case_page if c["key"] == "solutions")
    listed = sales_client.get(solutions_card["view_all_url"])
    assert [s.title for s in listed.context["cl"].result_list] == ["Flush the cache"]
    solution_page = sales_client.get(
        reverse("admin:crm_solution_change", args=[solution.pk]) + "?tab=related"
    )
    cases_card = solution_page.context["related_cards"][0]
    closed = sales_client.get(cases_card["view_all_url"]).context["cl"].result_list
    assert [c.pk for c in closed] == [case.pk]  # closed cases too, not just the queue
    account_page = sales_client.get(
        reverse("admin:crm_account_change", args=[account.pk]) + "?tab=related"
    )
    account_card = next(c for c in account_page.context["related_cards"] if c["key"] == "cases")
    listed = sales_client.get(account_card["view_all_url"]).context["cl"].result_list
    assert [c.pk for c in listed] == [case.pk]
