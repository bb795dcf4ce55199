"""Trigram (pg_trgm) GIN indexes for what the command palette and /find/ newly search (issue
23), on PostgreSQL only, as migration 0006 did for the first searched fields.

* ``icontains`` fields: Django writes ``UPPER(col::text) LIKE UPPER('%term%')``, so each index
  is on ``UPPER(col::text)``.
* Phone numbers are matched by their digits (crm.selectors.search.phone_digits): the stored
  number with its punctuation removed by nested ``REPLACE`` calls, compared with ``contains``
  (``… ::text LIKE '%digits%'``). The index is on that very expression — the characters and
  their order must stay those of ``PHONE_PUNCTUATION`` or PostgreSQL stops using it.

Other databases keep plain scans: the operations do nothing there, and no model state
changes anywhere."""

from django.db import migrations

SEARCHED = {
    "crm_case": ["subject"],
    "crm_quote": ["name"],
    "crm_payment": ["transaction_id"],
    "crm_knowledgearticle": ["title"],
    "crm_solution": ["title"],
    "crm_product": ["name", "product_code"],
    "crm_campaign": ["name"],
    "crm_activity": ["subject"],
    "crm_asset": ["name", "serial_number"],
    "crm_user": ["first_name", "last_name", "email"],
}
PHONES = {
    "crm_account": ["phone"],
    "crm_contact": ["phone", "mobile"],
    "crm_lead": ["phone"],
}
# crm.selectors.search.PHONE_PUNCTUATION, frozen here as a migration must be.
PHONE_PUNCTUATION = (" ", "-", "(", ")", ".", "+", "/")


def digits_expression(column: str) -> str:
    expression = f'"{column}"'
    for character in PHONE_PUNCTUATION:
        expression = f"REPLACE({expression}, '{character}', '')"
    return f"({expression})::text"


def _indexes():
    for table, columns in SEARCHED.items():
        for column in columns:
            yield f"{table}_{column}_trgm", table, f'UPPER("{column}"::text)'
    for table, columns in PHONES.items():
        for column in columns:
            yield f"{table}_{column}_digits_trgm", table, digits_expression(column)


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
    dependencies = [("crm", "0018_list_views")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
