"""Knowledge articles (SPEC §6 KnowledgeArticle): help content written once as a draft in
Markdown, published for every signed-in user, archived when outdated and restored to a draft
for the next revision. Only drafts are editable — ``save()`` refuses any change to what readers
see once an article has left the draft state, whoever the writer."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django_fsm import FSMField, FSMModelMixin, transition

from crm.errors import BusinessRuleError
from crm.models.base import BusinessRecord, RecordQuerySet
from crm.models.support import choice_constraint

ONLY_DRAFTS_EDITABLE = "Only draft articles can be edited. Restore the article to a draft first."
URL_NAME_TAKEN = "Another article already uses this URL name."


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ArticleQuerySet(RecordQuerySet):
    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED)


# What a reader sees; frozen once the article leaves the draft state.
ARTICLE_CONTENT_FIELDS = ("title", "url_name", "summary", "body")


class KnowledgeArticle(FSMModelMixin, BusinessRecord):
    title = models.CharField(max_length=255)
    url_name = models.SlugField(
        "URL name",
        max_length=120,
        unique=True,
        blank=True,
        help_text="The article's address in the knowledge base; filled from the title if empty.",
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown. HTML tags are shown as text.")
    status = FSMField(
        choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, protected=True, db_index=True
    )
    version_number = models.PositiveIntegerField("article version", default=0, editable=False)
    published_at = models.DateTimeField("published on", null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "knowledge article"
        constraints = [choice_constraint("status", ArticleStatus, name="article_status_valid")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ArticleStatus.DRAFT

    def _stored(self) -> dict | None:
        if self._state.adding or self.pk is None:
            return None
        return (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values("status", *ARTICLE_CONTENT_FIELDS)
            .first()
        )

    def _unique_url_name(self) -> str:
        base = slugify(self.title)[:100] or "article"
        candidate, suffix = base, 2
        others = type(self)._base_manager.exclude(pk=self.pk)
        while others.filter(url_name=candidate).exists():
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        return candidate

    def clean_fields(self, exclude=None):
        self.title = (self.title or "").strip()
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def clean(self):
        super().clean()
        stored = self._stored()
        if stored is not None and stored["status"] != ArticleStatus.DRAFT:
            raise ValidationError(ONLY_DRAFTS_EDITABLE)
        if not self.url_name:
            self.url_name = self._unique_url_name()
        elif type(self)._base_manager.exclude(pk=self.pk).filter(url_name=self.url_name).exists():
            raise ValidationError({"url_name": URL_NAME_TAKEN})

    def save(self, *args, **kwargs):
        stored = self._stored()
        frozen = stored is not None and stored["status"] != ArticleStatus.DRAFT
        if frozen and any(stored[name] != getattr(self, name) for name in ARTICLE_CONTENT_FIELDS):
            raise BusinessRuleError(ONLY_DRAFTS_EDITABLE)
        if not self.url_name:
            self.url_name = self._unique_url_name()
        super().save(*args, **kwargs)

    # --- status machine (SPEC §6) ---------------------------------------------------------------

    @transition(
        field=status,
        source=ArticleStatus.DRAFT,
        target=ArticleStatus.PUBLISHED,
        permission="crm.change_knowledgearticle",
    )
    def publish(self):
        self.published_at = timezone.now()
        self.version_number += 1

    @transition(
        field=status,
        source=ArticleStatus.PUBLISHED,
        target=ArticleStatus.ARCHIVED,
        permission="crm.change_knowledgearticle",
    )
    def archive(self):
        """Readers no longer see it; cases that linked it keep the link."""

    @transition(
        field=status,
        source=ArticleStatus.ARCHIVED,
        target=ArticleStatus.DRAFT,
        permission="crm.change_knowledgearticle",
    )
    def restore(self):
        """Back to a draft to be revised and published again as the next version."""
