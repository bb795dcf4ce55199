"""How many rows a whole table holds, without counting them (issue 23 item 8).

On PostgreSQL the largest tables keep their count as it changes (migration 0029: one delta row
per statement that inserts or deletes, in the writer's own transaction), so the sum of the
deltas is exactly the number of rows the reading snapshot sees — ``COUNT(*)`` over 200,000
activities took 8 ms, the sum takes a few hundredths of one. Elsewhere (SQLite, other tables)
there is no kept count and the caller counts as before."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

# The tables migrations 0029 and 0032 keep counts of.
COUNTED = frozenset({"crm_activity", "crm_payment", "crm_invoice", "crm_opportunity", "crm_order"})

SUM = "SELECT sum(delta), count(*) FROM crm_row_count_delta WHERE table_name = %s"


@dataclass(frozen=True)
class TableCount:
    rows: int
    pieces: int  # delta rows summed (folded into one by crm.services.row_counts)


def table_count(model) -> TableCount | None:
    """The model's table's row count, or None where none is kept."""
    table = model._meta.db_table
    if connection.vendor != "postgresql" or table not in COUNTED:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SUM, [table])
        total, pieces = cursor.fetchone()
    if not pieces:  # never started, or the table was truncated: count it
        return None
    return TableCount(rows=int(total), pieces=pieces)


def counts_whole_table(queryset: QuerySet) -> bool:
    """Whether the queryset's count is its table's: no filter, no DISTINCT, no grouping, no
    slice, no set operation. Joins that only read (``select_related``) leave it whole."""
    query = queryset.query
    return (
        not query.where
        and not query.distinct
        and query.combinator is None
        and query.group_by is None
        and not query.is_sliced
        and not query.extra
        and not any(getattr(a, "contains_aggregate", False) for a in query.annotations.values())
    )
