"""Demo service data: cases in every status and priority, solutions, articles; twice is once."""

import pytest

from crm.demo import accounts, support
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.models.support import Case, CasePriority, CaseStatus, Solution
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        Case.objects.count(),
        Case.history.count(),
        Solution.history.count(),
        KnowledgeArticle.history.count(),
        sorted(Case.objects.values_list("version", flat=True)),
    )


def test_demo_service_data_is_complete_and_idempotent():
    admin, sales = AdminUserFactory(), UserFactory()
    accounts.seed(admin=admin, sales=sales, scale=1)
    support.seed(admin=admin, sales=sales, scale=1)
    first = snapshot()
    support.seed(admin=admin, sales=sales, scale=1)
    assert snapshot() == first

    assert Case.objects.count() == 25
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("priority", flat=True)) == set(CasePriority.values)
    assert Case.objects.values("account").distinct().count() >= 20
    closed = Case.objects.closed()
    assert all(case.resolution and case.closed_at for case in closed)
    assert all(
        case.contact is None or case.contact.account_id == case.account_id
        for case in Case.objects.select_related("contact")
    )
    assert Solution.objects.count() == 8
    assert Case.objects.filter(solutions__isnull=False).distinct().count() >= 8
    assert KnowledgeArticle.objects.count() == 10
    statuses = list(KnowledgeArticle.objects.values_list("status", flat=True))
    assert statuses.count(ArticleStatus.ARCHIVED) == 1
    assert statuses.count(ArticleStatus.PUBLISHED) >= 5
    assert all(a.version_number >= 1 for a in KnowledgeArticle.objects.published())
