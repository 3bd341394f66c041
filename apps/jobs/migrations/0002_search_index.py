"""A GIN full-text index for `?search=` on PostgreSQL (SQLite searches with LIKE instead).

The expression is the one `SearchVector("search_document", config="english")` produces, so the
planner can use the index for the browse query.
"""

from django.db import migrations

INDEX = "job_search_document_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_jobpost USING gin "
            "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
