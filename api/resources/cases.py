"""Cases: the support queue on the wire. Status moves only through the named services of
crm.services.cases (start, escalate, close with a resolution, reopen); linking a solution or
a published article to a case is an action too, because it bumps the case's version like the
admin's link buttons do. ``GET /cases/{id}/`` carries the linked solutions and articles."""

import re

import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import SearchFilter

from api.kit.records import (
    ActionInput,
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    StableOrderingFilter,
    record_action,
    record_fields,
)
from crm.models import Case, KnowledgeArticle, Solution
from crm.selectors.cases import search_cases
from crm.services import cases as services

CASE_NUMBER = re.compile(r"^(?:CS-)?[0-9]{1,18}$", re.IGNORECASE)
# Actions whose answer is the case with its links (the detail representation).
DETAIL_ACTIONS = ("retrieve", "link_solution", "unlink_solution", "link_article", "unlink_article")


class CaseSerializer(RecordSerializer):
    number = serializers.CharField(read_only=True, help_text='"CS-000042": the case\'s number.')

    class Meta(RecordSerializer.Meta):
        model = Case
        fields = record_fields(
            "number",
            "subject",
            "description",
            "status",
            "priority",
            "origin",
            "type",
            "account",
            "contact",
            "asset",
            "closed_at",
            "resolution",
        )
        read_only_fields = (*RecordSerializer.Meta.read_only_fields, "status", "resolution")


class LinkedSolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Solution
        fields = ("id", "title")


class LinkedArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = KnowledgeArticle
        fields = ("id", "title")


class CaseDetailSerializer(CaseSerializer):
    solutions = LinkedSolutionSerializer(many=True, read_only=True)
    articles = LinkedArticleSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = (*CaseSerializer.Meta.fields, "solutions", "articles")


class CaseFilter(OwnedFilterSet):
    account = django_filters.NumberFilter(field_name="account_id", help_text="Account id.")
    contact = django_filters.NumberFilter(field_name="contact_id", help_text="Contact id.")
    solution = django_filters.NumberFilter(field_name="solutions", help_text="Linked solution id.")
    article = django_filters.NumberFilter(field_name="articles", help_text="Linked article id.")
    closed_after = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="gte")
    closed_before = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="lt")
    number = django_filters.CharFilter(
        method="filter_number", help_text='Case number: "CS-000042" or "42".'
    )

    class Meta:
        model = Case
        fields = ("status", "priority", "origin", "type")

    def filter_number(self, queryset, name, value):
        # Only ASCII digits that fit a primary key reach the selector: "²" or 30 digits
        # would otherwise fail in int() or in the database (a 500, not "no such case").
        if not CASE_NUMBER.match(value.strip()):
            return queryset.none()
        return search_cases(queryset, value)


class CaseSearch(SearchFilter):
    """``?search=`` as in the admin's queue: the subject, or a case number ("CS-000042")."""

    def filter_queryset(self, request, queryset, view):
        found = super().filter_queryset(request, queryset, view)
        terms = self.get_search_terms(request)
        if len(terms) == 1 and CASE_NUMBER.match(terms[0]):
            return found | search_cases(queryset, terms[0])
        return found


class CloseInput(ActionInput):
    # Not required here: the service refuses a missing resolution with the admin's message.
    resolution = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="How the case was resolved."
    )


class SolutionInput(ActionInput):
    solution = serializers.PrimaryKeyRelatedField(
        queryset=Solution.objects.all(), help_text="Solution id."
    )


class ArticleInput(ActionInput):
    article = serializers.PrimaryKeyRelatedField(
        queryset=KnowledgeArticle.objects.all(), help_text="Knowledge article id."
    )


def _link_action(url_path: str, service, input, summary: str):
    """A ``link-…``/``unlink-…`` action: the service takes the one item the input names, and
    the answer is the case with its links."""
    (item,) = (name for name in input().fields if name != "version")

    def run(self, record, *, user, version, **data):
        service(record, user=user, version=version, **{item: data[item]})
        return self.detail_response(record)

    run.__name__ = url_path.replace("-", "_")
    return record_action(url_path, summary=summary, input=input, responses=CaseDetailSerializer)(
        run
    )


class CaseViewSet(RecordViewSet):
    """Support cases of accounts: worked new → in progress (→ escalated) → closed with a
    resolution, reopened when the issue comes back. Status changes only through the actions."""

    queryset = Case.objects.select_related("owner")
    serializer_class = CaseSerializer
    state_actions = {
        "status": ("start", "escalate", "close", "reopen"),
        "resolution": ("close",),
    }
    detail_serializer_class = CaseDetailSerializer
    filterset_class = CaseFilter
    filter_backends = (DjangoFilterBackend, CaseSearch, StableOrderingFilter)
    search_fields = ("subject",)
    ordering_fields = ("id", "priority", "status", "created_at", "updated_at", "closed_at")

    detail_actions = DETAIL_ACTIONS

    def detail_prefetches(self):
        return [
            Prefetch("solutions", Solution.objects.only("id", "title").order_by("title", "id")),
            Prefetch(
                "articles", KnowledgeArticle.objects.only("id", "title").order_by("title", "id")
            ),
        ]

    def detail_response(self, case):
        return self.record_response(case, serializer_class=CaseDetailSerializer)

    @record_action("start", summary="Start working on a new case")
    def start(self, record, *, user, version):
        return services.start_case(record, user=user, version=version)

    @record_action("escalate", summary="Escalate a new or in-progress case")
    def escalate(self, record, *, user, version):
        return services.escalate_case(record, user=user, version=version)

    @record_action("close", summary="Close an open case with its resolution", input=CloseInput)
    def close(self, record, *, user, version, resolution):
        return services.close_case(record, user=user, version=version, resolution=resolution)

    @record_action("reopen", summary="Reopen a closed case (its resolution is cleared)")
    def reopen(self, record, *, user, version):
        return services.reopen_case(record, user=user, version=version)

    link_solution = _link_action(
        "link-solution", services.link_solution, SolutionInput, "Link a solution to the case"
    )
    unlink_solution = _link_action(
        "unlink-solution", services.unlink_solution, SolutionInput, "Unlink a solution"
    )
    link_article = _link_action(
        "link-article",
        services.link_article,
        ArticleInput,
        "Link a published knowledge article to the case",
    )
    unlink_article = _link_action(
        "unlink-article", services.unlink_article, ArticleInput, "Unlink a knowledge article"
    )
