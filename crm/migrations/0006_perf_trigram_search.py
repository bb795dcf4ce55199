"""Trigram (pg_trgm) GIN indexes for the fields users search, on PostgreSQL only.

Django's ``icontains`` on PostgreSQL is ``UPPER(col::text) LIKE UPPER('%term%')``, so each
index is on ``UPPER(col::text)`` with ``gin_trgm_ops``: list searches, the command palette and
the conversion page's look-alike accounts (``UPPER(name) % UPPER(term)``) use it instead of
scanning the table. Other databases (SQLite in development) keep plain scans: the operation
does nothing there, and the model state is unchanged on every database."""

from django.db import migrations

SEARCHED = {
    "crm_account": ["name", "website", "phone"],
    "crm_contact": ["last_name", "first_name", "email"],
    "crm_lead": ["company", "last_name", "first_name", "email"],
    "crm_opportunity": ["name"],
}


def _indexes():
    for table, columns in SEARCHED.items():
        for column in columns:
            yield f"{table}_{column}_trgm", table, column


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in _indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in _indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("crm", "0005_leads_campaigns")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
