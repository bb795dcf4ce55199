"""The records a list joins to its rows, read only as far as its columns show them.

A list joins each row's account, owner, order… (``select_related``) to show a name, and
Django reads every column of every joined record: on the invoice list four whole records per
row, 1.5 ms of a 50-row page spent loading and building fields nobody sees. An admin names
what its columns read of each joined record::

    list_related_fields = {"account": ("name",), "owner": USER_NAME, "order": ()}

and the page's rows read those fields and the ids; the rest is deferred. A record of which
only the id is read (``"order": ()``: its number is its id) is not joined at all: the row
already holds the id, and the page's rows get the record as Django would have built it from
the join, every other field deferred (a join costs PostgreSQL planning time whether or not a
column of it is read: 2 of the invoice list's 3.4 ms of planning went to the order, contract
and owner). Only the rows of the list page: its actions, its exports and the record page read
as before. A
column that reads a field not named would cost a query per row, which the pinned query count
of every list catches (crm/tests/admin/kit/test_related_reads.py checks the names).

A list whose rows point to many kinds of record, one at a time (an activity's "Related To":
account, opportunity, case, … nine optional links), names them in ``list_prefetch_related``
instead of joining them (foreign keys of the record itself): the page's rows then read each
kind in one query of its own, only for the kinds on the page — of a kind also named in
``list_related_fields`` only those fields (none: built from the id, no query). Joined,
PostgreSQL spent 30 ms planning the ten-table query of a 50-row page it ran in 1.6 ms
(``EXPLAIN (ANALYZE, SUMMARY)`` on 200,000 activities)."""

from django.db.models import QuerySet

from crm.selectors.related_rows import prefetch_used

# What a user column shows: User.__str__ (the full name, else the email).
USER_NAME = ("first_name", "last_name", "email")


def unshown_fields(model, reads: dict[str, tuple[str, ...]]) -> list[str]:
    """``relation__field`` for every field of the joined records that no column reads. A
    relation may be a path (``order__account``); the link it goes through stays read."""
    deferred = []
    for relation, shown in reads.items():
        related = _related_model(model, relation)
        deferred += [
            f"{relation}__{field.name}"
            for field in related._meta.concrete_fields
            if not field.primary_key
            and field.name not in shown
            and f"{relation}__{field.name}" not in reads
        ]
    return deferred


def _related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def read_only_shown(queryset: QuerySet, reads: dict[str, tuple[str, ...]]) -> QuerySet:
    if not reads:
        return queryset
    return queryset.defer(*unshown_fields(queryset.model, reads))


def ids_only(queryset: QuerySet, reads: dict[str, tuple[str, ...]]) -> list[str]:
    """The joined records of which the columns read only the id (a foreign key of the row
    itself, nothing joined beyond it)."""
    joined = queryset.query.select_related
    if not isinstance(joined, dict):
        return []
    return [name for name, shown in reads.items() if not shown and joined.get(name) == {}]


def unjoined(queryset: QuerySet, names: list[str]) -> QuerySet:
    if not names:
        return queryset
    queryset = queryset._chain()
    joined = {k: v for k, v in queryset.query.select_related.items() if k not in names}
    queryset.query.select_related = joined or False
    return queryset


def attach_by_id(rows: list, names: list[str]) -> None:
    """Give each row the records ``names`` point to as the join would: the id read, every
    other field deferred (one instance per record on the page)."""
    if not rows:
        return
    meta = rows[0]._meta
    for name in names:
        field = meta.get_field(name)
        related, built = field.related_model, {}
        for row in rows:
            key = getattr(row, field.attname)
            if key is not None and key not in built:
                built[key] = related.from_db(row._state.db, [related._meta.pk.attname], [key])
            field.set_cached_value(row, built.get(key))


class ReadOnlyShownChangeList:
    """The list's rows (``get_results``: the page, or every row of a one-page list) read
    what ``list_related_fields`` names and fetch ``list_prefetch_related``; ``get_queryset``
    (actions, exports) reads as before. The count is the same query either way."""

    def get_results(self, request):
        admin = self.model_admin
        fetched = admin.list_prefetch_related
        reads = {k: v for k, v in admin.list_related_fields.items() if k not in fetched}
        by_id = ids_only(self.queryset, reads)
        shown = {name: fields for name, fields in reads.items() if name not in by_id}
        self.queryset = read_only_shown(unjoined(self.queryset, by_id), shown)
        super().get_results(request)
        if not (by_id or fetched):
            return
        rows = list(self.result_list)  # the page's rows, read once
        named = {k: v for k, v in admin.list_related_fields.items() if k in fetched}
        # A fetched kind shown by its id alone (a case's number) needs no query at all.
        fetched_by_id = [name for name, fields in named.items() if not fields]
        attach_by_id(rows, [*by_id, *fetched_by_id])
        prefetch_used(rows, tuple(n for n in fetched if n not in fetched_by_id), named)


def rows_reading_only_shown(base: type) -> type:
    return type(f"ReadOnlyShown{base.__name__}", (ReadOnlyShownChangeList, base), {})
