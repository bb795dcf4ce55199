"""The records a user opened lately, newest first (crm.services.recently_viewed writes them).
Data only: callers build links and labels."""

from django.contrib.contenttypes.models import ContentType

from crm.models.list_views import RecentlyViewed


def recent_ids(*, user, model, limit: int = 50) -> list[int]:
    """Ids of ``model`` records the user opened, newest first (a list view's Recently Viewed)."""
    content_type = ContentType.objects.get_for_model(model)
    rows = RecentlyViewed.objects.filter(user=user, content_type=content_type)
    return list(rows.order_by("-viewed_at").values_list("object_id", flat=True)[:limit])


def recent_records(*, user, limit: int = 10, models=None) -> list:
    """The user's newest views across objects, as records (one query per kind shown), newest
    first. ``models``: the kinds the caller may show (e.g. those the user may view)."""
    rows = RecentlyViewed.objects.filter(user=user).select_related("content_type")
    if models is not None:
        types = ContentType.objects.get_for_models(*models).values()
        rows = rows.filter(content_type__in=list(types))
    rows = list(rows.order_by("-viewed_at")[:limit])
    by_type: dict = {}
    for row in rows:
        by_type.setdefault(row.content_type, []).append(row.object_id)
    found = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is None:
            continue
        for record in model._base_manager.filter(pk__in=ids):
            found[(content_type.pk, record.pk)] = record
    return [
        found[(row.content_type_id, row.object_id)]
        for row in rows
        if (row.content_type_id, row.object_id) in found
    ]
