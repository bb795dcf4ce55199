"""Knowledge articles: written as drafts (Markdown, with a safe preview), published, archived
and restored through ``crm.services.knowledge``. Only drafts are editable; readers use the
portal's knowledge base (/portal/kb/)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from unfold.decorators import display

from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.service.solutions import cases_related_list
from crm.markdown import render_markdown
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.selectors.knowledge import article_cases, search_articles
from crm.services import knowledge as services

STATUS_COLORS = {"Draft": "info", "Published": "success", "Archived": "warning"}


class ArticleForm(VersionedAdminForm):
    class Meta:
        model = KnowledgeArticle
        fields = "__all__"
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18, "class": "crm-markdown-input"}),
        }


def _service(named):
    def run(record, *, target, user, version):
        return named(record, user=user, version=version)

    return run


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(RecordAdmin):
    form = ArticleForm
    highlight_fields = ("url_name", "status", "version_number", "published_at", "owner")
    path_field = "status"
    transition_actions = (
        TransitionAction(
            "publish",
            "Publish",
            ArticleStatus.PUBLISHED,
            "Publish {record}? Every signed-in user can read it, and it can be linked to cases.",
            "was published",
            icon="publish",
            service=_service(services.publish_article),
        ),
        TransitionAction(
            "archive",
            "Archive",
            ArticleStatus.ARCHIVED,
            "Archive {record}? Readers no longer see it; cases keep their links.",
            "was archived",
            icon="archive",
            danger=True,
            service=_service(services.archive_article),
        ),
        TransitionAction(
            "restore",
            "Restore",
            ArticleStatus.DRAFT,
            "Restore {record} to a draft so it can be revised?",
            "was restored to a draft",
            icon="unarchive",
            service=_service(services.restore_article),
        ),
    )
    list_display = ("title", "url_name", "status_pill", "version_number", "published_at", "owner")
    list_display_links = ("title",)
    list_select_related = ("owner",)
    list_related_fields = {"owner": USER_NAME}
    list_filter = ("status", OwnerFilter)
    search_fields = ("title", "summary", "body")
    search_help_text = "Search by title, summary or body"
    ordering = ("title", "pk")
    prepopulated_fields = {"url_name": ("title",)}
    readonly_fields = (
        "status",
        "version_number",
        "published_at",
        "rendered_body",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        ("Article", {"fields": (("title", "owner"), "url_name", "summary", "body")}),
        ("Preview", {"fields": ("rendered_body",)}),
        ("Publishing", {"fields": (("status", "version_number"), "published_at")}),
        ("System information", {"fields": (("created_at", "updated_at"),)}),
    )
    related_lists = (cases_related_list(article_cases, link_field="articles"),)

    class Media:
        css = {"all": ("crm/markdown.css",)}

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj is not None else self.fieldsets[:1]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.is_read_mode(request, obj) else self.prepopulated_fields

    def get_search_results(self, request, queryset, search_term):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            return super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return queryset, False
        return search_articles(queryset, search_term), False

    def has_change_permission(self, request, obj=None):
        # Published and archived articles are frozen (SPEC §6); the model refuses too.
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def get_highlight_badges(self, request, obj):
        if obj.status == ArticleStatus.ARCHIVED:
            return [("Archived", "warning")]
        return []

    def move_along_path(self, request, obj, *, target, version):
        services.move_article(obj, target=target, user=request.user, version=version)

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_pill(self, obj):
        return obj.get_status_display()

    @display(description="Body as readers see it")
    def rendered_body(self, obj):
        if obj is None or not obj.body:
            return "—"
        # Newlines as character references: the admin's read-only display turns "\n" into
        # <br>, which would double every line of a code block.
        html = str(render_markdown(obj.body)).replace("\n", "&#10;")
        return format_html('<div class="crm-markdown">{}</div>', mark_safe(html))  # noqa: S308
