"""PostgreSQL-only indexes for browse (SQLite does without them).

- a GIN full-text index for `?search=`: its expression is the one
  `SearchVector("search_document", config="english")` produces, so the planner uses it;
- a trigram GIN index on `UPPER(location)` for `?location=` (a case-insensitive substring match,
  which Django writes as `UPPER(location) LIKE UPPER('%…%')`). It needs the pg_trgm extension; where
  the database user may not create it, the index is left out and a warning says so.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

SEARCH_INDEX = "job_search_document_fts"
LOCATION_INDEX = "job_location_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON jobs_jobpost USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
    )
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: browse works, `?location=` just scans
        logger.warning("pg_trgm is not available: the ?location= index was not created.")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {LOCATION_INDEX} ON jobs_jobpost USING gin "
        "(UPPER(location) gin_trgm_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {LOCATION_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
