"""Knowledge articles: help content written in Markdown. The API reads and writes the raw
Markdown (``body``); rendering it safely is the app's job (crm.markdown). Only drafts are
editable (the model refuses otherwise); publishing, archiving and restoring are actions of
crm.services.knowledge."""

import django_filters

from api.kit.records import (
    OwnedFilterSet,
    RecordSerializer,
    RecordViewSet,
    record_action,
    record_fields,
)
from crm.models import KnowledgeArticle
from crm.services import knowledge as services


class KnowledgeArticleSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = KnowledgeArticle
        fields = record_fields(
            "title",
            "url_name",
            "summary",
            "body",
            "status",
            "version_number",
            "published_at",
        )
        read_only_fields = (*RecordSerializer.Meta.read_only_fields, "status")
        extra_kwargs = {
            "body": {"help_text": "Markdown, as written (not rendered)."},
            # Uniqueness is the model's rule (with its own message, a 422), not the serializer's.
            "url_name": {"validators": []},
        }


class KnowledgeArticleFilter(OwnedFilterSet):
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")
    case = django_filters.NumberFilter(field_name="cases", help_text="Id of a linked case.")

    class Meta:
        model = KnowledgeArticle
        fields = ("status", "url_name")


class KnowledgeArticleViewSet(RecordViewSet):
    """The knowledge base: drafts are edited, published for every signed-in user, archived
    when outdated and restored to a draft for the next revision."""

    queryset = KnowledgeArticle.objects.select_related("owner")
    serializer_class = KnowledgeArticleSerializer
    state_actions = {"status": ("publish", "archive", "restore")}
    filterset_class = KnowledgeArticleFilter
    search_fields = ("title",)
    ordering_fields = ("id", "title", "status", "published_at", "created_at", "updated_at")

    @record_action("publish", summary="Publish a draft (it needs a body)")
    def publish(self, record, *, user, version):
        return services.publish_article(record, user=user, version=version)

    @record_action("archive", summary="Archive a published article")
    def archive(self, record, *, user, version):
        return services.archive_article(record, user=user, version=version)

    @record_action("restore", summary="Restore an archived article to a draft")
    def restore(self, record, *, user, version):
        return services.restore_article(record, user=user, version=version)
