"""A trigram index for the folded `search_text` columns (PostgreSQL's pg_trgm), as a migration operation.

Search keeps rows whose folded text contains every word (core.text.search_filter: `LIKE '%word%'`); a GIN
trigram index lets PostgreSQL answer those conditions from the index instead of reading the whole table.
SQLite has no such index: there the operation does nothing and the search scans, as it always did.
"""

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, drop, elidable=False)
