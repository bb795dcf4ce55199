"""Keeping the kept row counts short (crm.selectors.row_counts, migration 0029): a table's
count is the sum of one delta row per insert or delete statement; every so often the deltas
are folded into one row.

The fold deletes the deltas it can lock at once and inserts their sum, in one statement:
rows another fold holds are skipped (``SKIP LOCKED``: it folds them), rows of writes not yet
committed are not seen (they are folded later), so the sum every snapshot reads is unchanged."""

from django.db import connection

FOLD_AFTER = 100  # deltas a reader sums before it folds them

FOLD = """
WITH folded AS (
    DELETE FROM crm_row_count_delta WHERE id IN (
        SELECT id FROM crm_row_count_delta WHERE table_name = %s FOR UPDATE SKIP LOCKED
    )
    RETURNING delta
)
INSERT INTO crm_row_count_delta (table_name, delta)
SELECT %s, sum(delta) FROM folded HAVING count(*) > 0
"""


def fold_row_count(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(FOLD, [table, table])
