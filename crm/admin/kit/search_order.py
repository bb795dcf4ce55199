"""A searched list whose matches are few sorts them, instead of letting PostgreSQL walk the
list's sort index until enough rows match (issue 23 item 8).

A list sorted by a text column (accounts by name) has an index in that order, and a search
with a LIMIT lets the planner walk it, filtering row by row, betting the matches are spread
evenly. They rarely are: the 1,433 accounts matching "Nova" sit under N, so the walk read
10,000 rows (8 ms) for 50 it could have sorted in 1.5 ms. The list already knows how many
rows match (its count runs first): when they are few, the page orders by the column through
``Unindexed`` — the same order, which the index cannot give — so PostgreSQL finds the
matches through the search's trigram indexes and sorts them. When many match, the walk finds
50 soon and stays. The rows, their order and the queries are the same either way.

The matches are sorted by their keys alone: the page's ids are chosen in a subquery that joins
nothing, and only those rows are joined to their account, owner and the rest (sorting 3,946
contacts named Smith with their joins took 10–14 ms, their keys 5 ms)."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, F, Func, QuerySet, TextField

# Sorting this many matched rows costs a few ms at most; more, and the index walk is cheap.
FEW_MATCHES = 5000


class Unindexed(Func):
    """A text column as itself (``col || ''``): the same value and collation, so the same
    order, but not an expression any index is built on."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def sorted_among_matches(queryset: QuerySet) -> QuerySet | None:
    """``queryset`` in the same order, its leading key (a required text column of the model
    itself) made ``Unindexed``; None when the order starts otherwise."""
    ordering = list(queryset.query.order_by)
    if not ordering or not isinstance(ordering[0], str) or queryset.query.distinct:
        return None
    name = ordering[0].removeprefix("-")
    try:
        field = queryset.model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation or a path across a join
        return None
    if not isinstance(field, CharField | TextField) or field.null:  # NULLs would sort apart
        return None
    key = Unindexed(F(name))
    leading = key.desc() if ordering[0].startswith("-") else key.asc()
    return queryset.order_by(leading, *ordering[1:])


class SearchedMatchesSortedChangeList:
    def get_results(self, request):
        super().get_results(request)
        rows = self.result_list
        if not self.query or self.result_count > FEW_MATCHES or not isinstance(rows, QuerySet):
            return
        resorted = sorted_among_matches(self.queryset)
        if resorted is None:
            return
        low, high = rows.query.low_mark, rows.query.high_mark
        if high is None:
            self.result_list = resorted[low:]
            return
        page_ids = resorted.values("pk")[low:high]
        self.result_list = self.queryset.filter(pk__in=page_ids)


def searched_matches_sorted(base: type) -> type:
    return type(f"MatchesSorted{base.__name__}", (SearchedMatchesSortedChangeList, base), {})
