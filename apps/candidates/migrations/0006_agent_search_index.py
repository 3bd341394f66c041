"""PostgreSQL-only indexes for the talent-search agent's pool (apps/jobs/agent.py `_pool`).

- `candidate_term_keys(resume_terms)`: the keys of a profile's term counts as a text array, and a
  GIN index on it, for "has one of these words" (`&&`). A GIN index on the jsonb itself would
  serve `?|` too, but jsonb's index cannot tell a key from a nested value, so PostgreSQL rechecks
  every row it finds and reads each whole `resume_terms`; the array index is exact, and ANALYZE
  keeps statistics of its elements, so the planner knows a common word from a rare one;
- `(key, profile_id)` on skills, for the profiles holding one of the named skills (the unique
  constraint's index starts with the profile, so it only serves one profile at a time);
- a covering index of the profile columns the pool filters and orders by (visibility, updated_at,
  preferences, the user for the place), so a pool of many thousands of skill holders reads this
  small index instead of the profiles' rows, which hold the resume text and are 15 times larger.
  It serves only while the visibility map is current, as autovacuum keeps it.

SQLite does without them.
"""

from django.db import migrations

TERM_KEYS = "candidate_term_keys"
INDEXES = {
    "candidate_term_keys_gin": (
        f"candidates_candidateprofile USING gin ({TERM_KEYS}(resume_terms))"
    ),
    "candidate_skill_key": "candidates_skill (key, profile_id)",
    "candidate_pool": (
        "candidates_candidateprofile (id) INCLUDE (is_available, updated_at, willing_to_relocate, "
        "work_mode_preferences, employment_type_preferences, user_id)"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # IMMUTABLE is true (the keys depend on the value alone) and lets an index use it. A value
    # that is no object has no keys: jsonb_object_keys would raise, and so fail its row's save.
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {TERM_KEYS}(terms jsonb) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN jsonb_typeof(terms) = "
        "'object' THEN array(SELECT jsonb_object_keys(terms)) ELSE '{}' END $$"
    )
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TERM_KEYS}(jsonb)")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0005_coach_threads")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
