"""The records a list joins to its rows, read only as far as its columns show them.

A list joins each row's account, owner, order… (``select_related``) to show a name, and
Django reads every column of every joined record: on the invoice list four whole records per
row, 1.5 ms of a 50-row page spent loading and building fields nobody sees. An admin names
what its columns read of each joined record::

    list_related_fields = {"account": ("name",), "owner": USER_NAME, "order": ()}

and the page's rows read those fields and the ids; the rest is deferred. Only the rows of the
list page: its actions, its exports and the record page read as before. A
column that reads a field not named would cost a query per row, which the pinned query count
of every list catches (crm/tests/admin/kit/test_related_reads.py checks the names).

A list whose rows point to many kinds of record, one at a time (an activity's "Related To":
account, opportunity, case, … nine optional links), names them in ``list_prefetch_related``
instead of joining them (foreign keys of the record itself): the page's rows then read each
kind in one query of its own, only for the kinds on the page. Joined, PostgreSQL spent 30 ms
planning the ten-table query of a 50-row page it ran in 1.6 ms (``EXPLAIN (ANALYZE,
SUMMARY)`` on 200,000 activities)."""

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


class ReadOnlyShownChangeList:
    """The list's rows (``get_results``: the page, or every row of a one-page list) read
    what ``list_related_fields`` names and fetch ``list_prefetch_related``; ``get_queryset``
    (actions, exports) reads as before. The count is the same query either way."""

    def get_results(self, request):
        admin = self.model_admin
        self.queryset = read_only_shown(self.queryset, admin.list_related_fields)
        super().get_results(request)
        if admin.list_prefetch_related:
            prefetch_used(self.result_list, admin.list_prefetch_related)


def rows_reading_only_shown(base: type) -> type:
    return type(f"ReadOnlyShown{base.__name__}", (ReadOnlyShownChangeList, base), {})
