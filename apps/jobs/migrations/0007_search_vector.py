"""A stored full-text vector for browse's `?search=` on PostgreSQL (SQLite does without it).

`search_vector` is a generated column, `to_tsvector('english', search_document)` kept by the
database on every insert, update and COPY, and indexed by GIN. It replaces the expression index of
migration 0002: with the vector stored, a plan that filters rows reads it instead of computing
`to_tsvector` again for each one (seconds at 1,000,000 jobs). The column is not in the model, so
SQLite and the model state are untouched; `services._search` refers to it on PostgreSQL only.

Its statistics target is raised to 1000 (from 100): with the default, a rare word (0.2 % of the
jobs) was estimated at twice its matches, and the planner walked the jobs newest first reading 31,000
vectors for a page (0.3 s) instead of taking the 2,000 matches from the index and sorting them.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "job_search_vector_gin"
OLD_INDEX = "job_search_document_fts"  # migration 0002
VECTOR = "to_tsvector('english'::regconfig, COALESCE(search_document, ''))"


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE jobs_jobpost ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(f"ALTER TABLE jobs_jobpost ALTER COLUMN {COLUMN} SET STATISTICS 1000")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_jobpost USING gin ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON jobs_jobpost USING gin ({VECTOR})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE jobs_jobpost DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0006_job_accommodations_index")]

    operations = [migrations.RunPython(add_vector, drop_vector)]
