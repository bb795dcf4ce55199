"""The rendered Related / Activity / History tabs of a record page, kept in Django's cache.

A tab shows the record *and its children* (contacts, lines, activities, files), and a child's
write does not change the parent's version. So the key holds, besides the record's model, id
and version, the user (id, role, permissions, CSRF secret: the fragment carries forms), the tab
and its paging, today's date and the user's time zone (times show in it; overdue tasks turn red
at their midnight) and a *data generation*: one
counter bumped by every write to a CRM business row. A write anywhere makes every cached tab
stale at once, which is coarse but never shows an outdated list; a page read costs nothing."""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone

GENERATION_KEY = "crm:record-tabs:generation"
TIMEOUT = 10 * 60
# Bookkeeping rows written while reading pages; they show on no tab.
NOT_TAB_DATA = {"RecentlyViewed", "SavedListView", "LastListView", "FormSubmission", "ApiToken"}


def generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def bump_generation(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from cached keys
        cache.set(GENERATION_KEY, generation() + 1, None)


def _fingerprint(request) -> str:
    user = request.user
    perms = "*" if user.is_superuser else ",".join(sorted(user.get_all_permissions()))
    get_token(request)  # the CSRF secret the fragment's forms are signed with
    csrf = request.META.get("CSRF_COOKIE", "")
    raw = f"{user.pk}|{getattr(user, 'role', '')}|{perms}|{csrf}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cache_key(request, record, tab: str, extra: str = "") -> str:
    meta = record._meta
    version = getattr(record, "version", "")
    parts = (
        meta.label_lower,
        record.pk,
        version,
        tab,
        extra,
        timezone.localdate().isoformat(),
        timezone.get_current_timezone_name(),
        generation(),
        _fingerprint(request),
    )
    return "crm:record-tab:" + ":".join(str(part) for part in parts)


def cached_tab(request, record, tab: str, render, *, extra: str = "") -> str:
    """The tab's HTML from the cache, else ``render()`` stored for the next opening."""
    key = cache_key(request, record, tab, extra)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html


def connect_receivers() -> None:
    """Every write to a CRM row that a tab can show bumps the generation. Bookkeeping and
    history rows are left out (post_delete listeners would also slow their bulk deletes)."""
    for model in apps.get_app_config("crm").get_models():
        name = model.__name__
        if name in NOT_TAB_DATA or name.startswith("Historical"):
            continue
        uid = f"crm.record_tabs.{model._meta.label_lower}"
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_generation,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}.m2m",
            )
