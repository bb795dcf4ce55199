"""Kept row counts (migration 0029) for two more lists that open on their whole table: the
opportunity list (30,000 deals) and the order list. Their ``COUNT(*)`` was about 1 ms of each
page. Same triggers, started from the current count while ``CREATE TRIGGER``'s lock keeps
writers out."""

from django.db import migrations

# Frozen here as a migration must be; crm.selectors.row_counts.COUNTED names them too.
COUNTED = ("crm_opportunity", "crm_order")

COUNT_TABLE = """
CREATE TRIGGER {table}_count_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_row_count_inserted();
CREATE TRIGGER {table}_count_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS deleted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_row_count_deleted();
CREATE TRIGGER {table}_count_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION crm_row_count_truncated();
INSERT INTO crm_row_count_delta (table_name, delta) SELECT '{table}', count(*) FROM {table};
"""

DROP = """
DROP TRIGGER IF EXISTS {table}_count_inserted ON {table};
DROP TRIGGER IF EXISTS {table}_count_deleted ON {table};
DROP TRIGGER IF EXISTS {table}_count_truncated ON {table};
DELETE FROM crm_row_count_delta WHERE table_name = '{table}';
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COUNTED:
        schema_editor.execute(COUNT_TABLE.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COUNTED:
        schema_editor.execute(DROP.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("crm", "0031_search_trigram_more")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
