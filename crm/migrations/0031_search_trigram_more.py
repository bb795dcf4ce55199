"""Trigram (pg_trgm) GIN indexes for the searched text fields that still had none (issue 23
item 8): an activity's location (the activity list searches subject OR location, and the
location alone made PostgreSQL read all 200,000 activities twice — the count and the page,
84 ms for "call"), the outbox's subject and recipients (it grows with every e-mail sent) and
attachments' file names (one per file uploaded).
Same form as migrations 0006 and 0019, PostgreSQL only; no model state changes."""

from django.db import migrations

SEARCHED = {
    "crm_activity": ["location"],
    "crm_emailmessage": ["subject", "to_addresses"],
    "crm_attachment": ["original_filename"],
}


def _indexes():
    for table, columns in SEARCHED.items():
        for column in columns:
            yield f"{table}_{column}_trgm", table, f'UPPER("{column}"::text)'


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in _indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in _indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("crm", "0030_activity_open_tasks")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
