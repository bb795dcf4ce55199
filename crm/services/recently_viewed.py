"""Recently Viewed (issue 23): opening a record page remembers (user, record, time) in one
upsert. The table keeps each user's newest ``RECENT_PER_USER`` rows; the older ones are
trimmed every ``TRIM_EVERY``-th new row, so a page view costs one query, not two."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from crm.models.list_views import RECENT_PER_USER, RecentlyViewed

TRIM_EVERY = 20


def record_view(*, user, record) -> None:
    row = RecentlyViewed(
        user=user,
        content_type=ContentType.objects.get_for_model(type(record)),  # cached per process
        object_id=record.pk,
        viewed_at=timezone.now(),
    )
    (saved,) = RecentlyViewed.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["user", "content_type", "object_id"],
        update_fields=["viewed_at"],
    )
    if saved.pk and saved.pk % TRIM_EVERY == 0:
        _trim(user)


def _trim(user) -> None:
    """One DELETE: the user's rows older than their newest ``RECENT_PER_USER``."""
    newest = (
        RecentlyViewed.objects.filter(user=user)
        .order_by("-viewed_at")
        .values("pk")[:RECENT_PER_USER]
    )
    RecentlyViewed.objects.filter(user=user).exclude(pk__in=newest).delete()
