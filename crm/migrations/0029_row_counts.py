"""Exact row counts of the three largest tables, kept by PostgreSQL (issue 23 item 8).

A list of all activities (200,000), payments (115,000) or invoices (50,000) opens with
``SELECT COUNT(*)``: 3–8 ms of the page, the largest single piece of those lists. Here every
statement that inserts or deletes rows of such a table adds one row to ``crm_row_count_delta``
— the table and how many rows it gained or lost — in the same transaction (statement triggers
with transition tables), so the sum of a table's deltas, read in any snapshot, is exactly the
number of its rows that snapshot sees: a write not yet committed is in neither. A TRUNCATE
empties the table's deltas with it. The deltas are folded into one row now and then
(crm.services.row_counts). The counting starts with one delta holding the table's current
count, taken while ``CREATE TRIGGER``'s lock keeps writers out.

Not a Django model on purpose: ``dumpdata`` / ``loaddata`` would copy the deltas and then
count the loaded rows a second time. Other databases count with ``COUNT(*)`` as before
(crm.selectors.row_counts)."""

from django.db import migrations

# Frozen here as a migration must be; crm.selectors.row_counts.COUNTED names them too.
COUNTED = ("crm_activity", "crm_payment", "crm_invoice")

FUNCTIONS = """
CREATE TABLE crm_row_count_delta (
    id bigserial PRIMARY KEY,
    table_name varchar(63) NOT NULL,
    delta bigint NOT NULL
);
CREATE INDEX crm_row_count_delta_table ON crm_row_count_delta (table_name);

CREATE FUNCTION crm_row_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO crm_row_count_delta (table_name, delta)
    SELECT TG_TABLE_NAME, count(*) FROM inserted_rows HAVING count(*) > 0;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_row_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO crm_row_count_delta (table_name, delta)
    SELECT TG_TABLE_NAME, -count(*) FROM deleted_rows HAVING count(*) > 0;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_row_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM crm_row_count_delta WHERE table_name = TG_TABLE_NAME;
    RETURN NULL;
END $$;
"""

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
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS crm_row_count_inserted();
DROP FUNCTION IF EXISTS crm_row_count_deleted();
DROP FUNCTION IF EXISTS crm_row_count_truncated();
DROP TABLE IF EXISTS crm_row_count_delta;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for table in COUNTED:
        schema_editor.execute(COUNT_TABLE.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COUNTED:
        schema_editor.execute(DROP.format(table=table))
    schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [("crm", "0028_account_list_order_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
