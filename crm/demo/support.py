"""Demo service data: 10 knowledge articles (most published, two drafts, one archived), 8
solutions and 25 cases over the demo accounts in every status and priority, with their
solutions, articles and resolutions. Everything goes through the real services; idempotent
(articles matched by URL name, solutions by title, cases by subject and demo account name)."""

import datetime

from django.utils import timezone

from crm.demo.accounts import demo_account_names
from crm.demo.support_content import ARTICLES, CASES, SOLUTIONS
from crm.models import Account
from crm.models.knowledge import KnowledgeArticle
from crm.models.support import Case, CaseStatus, Solution
from crm.services import cases as case_services
from crm.services import knowledge
from crm.services.records import save_record

# The moves that take a new case (or a new article) to its demo status.
CASE_STEPS = {
    CaseStatus.NEW: [],
    CaseStatus.IN_PROGRESS: ["start"],
    CaseStatus.ESCALATED: ["start", "escalate"],
    CaseStatus.CLOSED: ["start", "close"],
}
ARTICLE_STEPS = {"draft": [], "published": ["publish"], "archived": ["publish", "archive"]}


def seed(*, admin, sales, scale: int = 1) -> None:
    articles = _seed_articles(admin=admin, sales=sales)
    solutions = _seed_solutions(admin=admin, sales=sales)
    _seed_cases(admin=admin, sales=sales, articles=articles, solutions=solutions)


def _seed_articles(*, admin, sales) -> dict[str, KnowledgeArticle]:
    found = {}
    for index, (url_name, title, summary, body, status) in enumerate(ARTICLES):
        article = KnowledgeArticle.objects.filter(url_name=url_name).first()
        if article is None:
            owner = admin if index % 3 == 0 else sales
            article = KnowledgeArticle(
                title=title, url_name=url_name, summary=summary, body=body, owner=owner
            )
            save_record(article, user=owner)
            for step in ARTICLE_STEPS[status]:
                getattr(knowledge, f"{step}_article")(article, user=owner, version=None)
        found[url_name] = article
    return found


def _seed_solutions(*, admin, sales) -> dict[str, Solution]:
    found = {}
    for index, (title, details, status) in enumerate(SOLUTIONS):
        solution = Solution.objects.filter(title=title).first()
        if solution is None:
            owner = sales if index % 2 else admin
            solution = Solution(title=title, details=details, status=status, owner=owner)
            save_record(solution, user=owner)
        found[title] = solution
    return found


def _seed_cases(*, admin, sales, articles, solutions) -> None:
    # Each case belongs to one demo client by name: keyed by position in the whole account
    # list, accounts users add would shift every case onto another account on a re-run.
    names = sorted(demo_account_names())
    accounts = {a.name: a for a in Account.objects.active().filter(name__in=names)}
    now = timezone.now()
    for index, row in enumerate(CASES):
        subject, priority, status, origin, type_, days, solution_titles, urls, resolution = row
        account = accounts.get(names[index % len(names)])
        if account is None or Case.objects.filter(subject=subject, account=account).exists():
            continue
        owner = sales if index % 3 else admin
        contact = account.contacts.filter(is_active=True).order_by("pk").first()
        case = Case(
            subject=subject,
            priority=priority,
            origin=origin,
            type=type_,
            account=account,
            contact=contact,
            owner=owner,
            description=f"{subject}. Reported by {contact or account} via {origin}.",
        )
        save_record(case, user=owner)
        # The queue sorts by age: date the demo case back to when the client reported it.
        reported = now - datetime.timedelta(days=days, hours=2 + index % 7)
        Case.objects.filter(pk=case.pk).update(created_at=reported)
        for title in solution_titles:
            case_services.link_solution(case, solution=solutions[title], user=owner, version=None)
        for url_name in urls:
            article = articles[url_name]
            if article.status == "published":
                case_services.link_article(case, article=article, user=owner, version=None)
        _walk(case, status=status, user=owner, resolution=resolution)


def _walk(case: Case, *, status: str, user, resolution: str) -> None:
    for step in CASE_STEPS[status]:
        if step == "close":
            case_services.close_case(case, user=user, version=None, resolution=resolution)
        else:
            getattr(case_services, f"{step}_case")(case, user=user, version=None)
