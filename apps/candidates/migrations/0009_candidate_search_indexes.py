"""PostgreSQL-only indexes for the employers' candidate search (`?search=`,
`services.search_matches`), one per place the search looks, each with exactly the expression the
query uses, so each place is one bitmap index scan and the database never reads every profile's
resume text (at 100,000 profiles a scan took seconds: docs/benchmarks.md, "Candidate search"):

- the resume text by words: a GIN full-text index on
  `to_tsvector('english', COALESCE(resume_text, ''))`, what `SearchVector("resume_text",
  config="english")` writes (as job browse's `job_search_document_fts`);
- a skill's name and the candidate's first and last names as case-insensitive substrings
  (`UPPER(column) LIKE UPPER('%…%')`): trigram GIN indexes. The name indexes are on the accounts
  app's user table; the candidate search is what reads them. A term shorter than three
  characters has no trigram and still scans those (short) columns.

- extended statistics on the preference filters' expressions
  (`UPPER(work_mode_preferences::text) LIKE '%"REMOTE"%'`): without them the planner guesses 10
  rows where there are 40,000 and joins everything before sorting (1.6 s for a page of
  `?search=excel&work_mode=remote`, 0.4 s with them; 140 ms and 3 ms for `?work_mode=hybrid&
  employment_type=full-time&willing_to_relocate=true`). Needs PostgreSQL 14 (expression
  statistics); ANALYZE (autovacuum) fills them.

The trigram indexes need the pg_trgm extension (jobs 0002 creates it); where the database user
may not create it, they are left out with a warning. SQLite does without any of them.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

TEXT_INDEX = (
    "candidate_resume_text_fts",
    "candidates_candidateprofile USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(resume_text, '')))",
)
STATISTICS = "candidate_preferences_stats"
TRIGRAM_INDEXES = {
    "candidate_skill_name_trgm": "candidates_skill USING gin (UPPER(name) gin_trgm_ops)",
    "user_first_name_trgm": "accounts_user USING gin (UPPER(first_name) gin_trgm_ops)",
    "user_last_name_trgm": "accounts_user USING gin (UPPER(last_name) gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TEXT_INDEX[0]} ON {TEXT_INDEX[1]}")
    if schema_editor.connection.pg_version >= 140000:
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON "
            "(UPPER(work_mode_preferences::text)), (UPPER(employment_type_preferences::text)) "
            "FROM candidates_candidateprofile"
        )
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: the search works, it just scans
        logger.warning("pg_trgm is not available: the candidate search indexes were not created.")
        return
    for name, target in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (TEXT_INDEX[0], *TRIGRAM_INDEXES):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0008_disclosure_warnings"),
        ("accounts", "0001_initial"),
        ("jobs", "0002_search_index"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
