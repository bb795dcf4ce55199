"""Reading the records a page of rows points to, by id, one query per foreign key that some
row on the page uses (issue 23 item 8). Rows with many optional links (an activity's nine
"Related To"/"Name" keys, of which a row uses at most two) joined them all: PostgreSQL spent
6–30 ms planning the eleven-table query. Prefetched, a link no row uses still costs Django a
whole query's construction, so only the used ones are read."""

from django.db.models import Prefetch, prefetch_related_objects


def prefetch_used(rows, names: tuple[str, ...], only: dict[str, tuple[str, ...]] | None = None):
    """``rows`` (a list, or a queryset evaluated here once) with the records their foreign
    keys ``names`` point to loaded — of a name in ``only``, just those fields and the id, the
    rest deferred; returns the rows as a list."""
    rows = list(rows)
    if rows:
        meta = rows[0]._meta
        used = [
            name
            for name in names
            if any(getattr(row, meta.get_field(name).attname) is not None for row in rows)
        ]
        only = only or {}
        lookups = [
            Prefetch(name, _only(meta.get_field(name).related_model, only[name]))
            if name in only
            else name
            for name in used
        ]
        prefetch_related_objects(rows, *lookups)
    return rows


def _only(model, fields: tuple[str, ...]):
    # The manager Django's own prefetch of a foreign key reads through.
    return model._base_manager.only(*(fields or ("pk",)))
