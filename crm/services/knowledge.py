"""The knowledge base's publishing cycle (SPEC §6 KnowledgeArticle): draft → published →
archived → draft. Publishing stamps ``published_at`` and bumps the article's
``version_number`` (the model's transition does both), so readers and linked cases can tell
which revision they read. Each move is a thin wrapper over the one transition service."""

from crm.errors import BusinessRuleError
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.services.transitions import transition

EMPTY_BODY = "Write the article's body before publishing it."
MOVE_REFUSED = "Only {source} articles can be {done}; '{article}' is {status}."


def _guard(source: str, done: str):
    def guard(locked: KnowledgeArticle) -> None:
        if locked.status != source:
            raise BusinessRuleError(
                MOVE_REFUSED.format(
                    source=source,
                    done=done,
                    article=locked,
                    status=locked.get_status_display().lower(),
                )
            )
        if done == "published" and not locked.body.strip():
            raise BusinessRuleError(EMPTY_BODY)

    return guard


def publish_article(article: KnowledgeArticle, *, user, version: int | None) -> KnowledgeArticle:
    """draft → published: readers see it in /portal/kb/; it can be linked to cases."""
    return transition(
        article,
        field="status",
        target=ArticleStatus.PUBLISHED,
        user=user,
        version=version,
        guard=_guard(ArticleStatus.DRAFT, "published"),
    )


def archive_article(article: KnowledgeArticle, *, user, version: int | None) -> KnowledgeArticle:
    """published → archived: hidden from readers, existing case links stay."""
    return transition(
        article,
        field="status",
        target=ArticleStatus.ARCHIVED,
        user=user,
        version=version,
        guard=_guard(ArticleStatus.PUBLISHED, "archived"),
    )


def restore_article(article: KnowledgeArticle, *, user, version: int | None) -> KnowledgeArticle:
    """archived → draft: editable again, published later as the next version."""
    return transition(
        article,
        field="status",
        target=ArticleStatus.DRAFT,
        user=user,
        version=version,
        guard=_guard(ArticleStatus.ARCHIVED, "restored"),
    )


ARTICLE_MOVES = {
    ArticleStatus.PUBLISHED: publish_article,
    ArticleStatus.ARCHIVED: archive_article,
    ArticleStatus.DRAFT: restore_article,
}


def move_article(article: KnowledgeArticle, *, target: str, user, version: int | None):
    """A click on the article's path or a header button: the named move to ``target``."""
    service = ARTICLE_MOVES.get(target)
    if service is None:
        raise BusinessRuleError(f"'{target}' is not a valid status.")
    return service(article, user=user, version=version)
