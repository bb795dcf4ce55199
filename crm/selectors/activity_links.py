"""The activity composer's two pickers (issue 25): "Related To" searches every kind of record
an activity may relate to (``WHAT_LINKS``) in one box, "Name" the contacts and leads
(``WHO_LINKS``). Only kinds the user may view, only active records; one query per kind
searched, whatever the number of matches. Data only: the admin builds the widget."""

from django.apps import apps

from crm.models.activity_links import WHAT_LINKS, WHO_LINKS, Link
from crm.selectors.search import search_groups

PER_KIND = 5
SEPARATOR = ":"  # a choice's value: "<activity field>:<id>", e.g. "related_case:12"


def link_model(link: Link):
    return apps.get_model(link.model)


def viewable_links(user, links: tuple[Link, ...]) -> tuple[Link, ...]:
    return tuple(
        link
        for link in links
        if user.has_perm(
            f"{link_model(link)._meta.app_label}.view_{link_model(link)._meta.model_name}"
        )
    )


def link_choices(term: str, *, user, who: bool = False, limit: int = PER_KIND) -> list[dict]:
    """Records matching ``term`` as ``{"value", "kind", "title", "detail"}``, grouped by kind
    in the declaration's order."""
    links = viewable_links(user, WHO_LINKS if who else WHAT_LINKS)
    by_model = {link_model(link): link for link in links}
    groups = search_groups(
        term, models=tuple(by_model), limit=limit, counted=False, active_only=True
    )
    return [
        {
            "value": f"{by_model[group.model].field}{SEPARATOR}{row['id']}",
            "kind": by_model[group.model].label,
            "title": row["title"],
            "detail": row["detail"],
        }
        for group in groups
        for row in group.rows
    ]


def linked_record(value: str, *, user, who: bool = False):
    """The record a picker's ``value`` names, or None when it names nothing the user may see
    (an unknown kind, a missing or deactivated record)."""
    field, _, raw_id = (value or "").partition(SEPARATOR)
    link = next(
        (x for x in viewable_links(user, WHO_LINKS if who else WHAT_LINKS) if x.field == field),
        None,
    )
    if link is None or not raw_id.isdigit() or len(raw_id) > 18:
        return None
    record = link_model(link).objects.filter(pk=int(raw_id)).first()
    if record is None or not getattr(record, "is_active", True):
        return None
    return link.field, record
