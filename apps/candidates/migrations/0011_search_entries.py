"""The candidate search's own table on PostgreSQL (`models.SearchEntry`), kept by the database.

`?search=` matched the resume text by a GIN full-text index on the profile table, and names and
skills by trigram indexes on the user and skill tables (0009), united. A union gathers every
match of every place before the first row of a page: a common word's 13,000 text matches and
13,000 skill rows, each a read of a wide row (docs/benchmarks.md, "Candidate search"). This
table holds, one row a profile, only what the search reads:

- `words`: `to_tsvector('english', COALESCE(resume_text, ''))`, with a GIN index; stored in the
  row (storage MAIN), so evaluating it never reads TOAST;
- `terms`: the first name, the last name and each skill's name, one a line, with a trigram GIN
  index on `UPPER(terms)`, for the case-insensitive substrings the search keeps for names and
  skills (`UPPER(terms) LIKE UPPER('%…%')`, the lookup Django writes for `icontains`).

The search is then one condition on one table (`terms` or `words`): PostgreSQL takes the
matches from the two indexes for a rare term, and for a common one reads the rows in id order
and stops at the page's last match.

Triggers keep it, each rewriting only the rows of the profiles it touched in one INSERT … ON
CONFLICT: once a statement for inserts of profiles or skills and for skills' updates and deletes
(a bulk insert of 1,000 profiles or 8,000 skills costs one statement more, not 1,000), once a row
for a profile's change of resume text or user and a user's change of name (a WHEN clause skips
every other update, such as a login's), and for a profile's delete and the profile table's
TRUNCATE (tests flush with it). The migration fills the table from the existing rows (100,000
profiles: about 70 s).

The profiles' own full-text index (0009's `candidate_resume_text_fts`) is dropped: nothing reads
it any more, and every change of a resume text wrote it.

SQLite has none of it: it searches the profiles' own tables (services.search_matches).
"""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "candidates_searchentry"
# 0009's, dropped here and made again on the way back.
RESUME_TEXT_INDEX = (
    "candidate_resume_text_fts ON candidates_candidateprofile "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(resume_text, '')))"
)

# One row a profile given by id, its words (when `with_words`) and its terms recomputed. PL/pgSQL
# keeps the INSERT's plan for the connection (an SQL function plans it at every call).
REFRESH = """
CREATE OR REPLACE FUNCTION candidates_search_refresh(profile_ids bigint[], with_words boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(profile_ids) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO candidates_searchentry AS entry (profile_id, words, terms)
    SELECT p.id,
           -- A change of names or skills keeps the words: computed only for a new row.
           CASE WHEN with_words OR NOT EXISTS (
               SELECT FROM candidates_searchentry e WHERE e.profile_id = p.id
           ) THEN to_tsvector('english'::regconfig, COALESCE(p.resume_text, ''))
           ELSE ''::tsvector END,
           concat_ws(E'\\n', u.first_name, u.last_name, (
               SELECT string_agg(s.name, E'\\n' ORDER BY s.id)
               FROM candidates_skill s WHERE s.profile_id = p.id
           ))
    FROM candidates_candidateprofile p JOIN accounts_user u ON u.id = p.user_id
    WHERE p.id = ANY(profile_ids)
    ON CONFLICT (profile_id) DO UPDATE SET
        words = CASE WHEN with_words THEN EXCLUDED.words ELSE entry.words END,
        terms = EXCLUDED.terms;
END $$
"""

# (trigger, table, event, how it fires, the profiles it refreshes, with their words). A bulk
# insert is one statement, so inserts fire once a statement, with the rows as a transition table.
# Updates of profiles and users fire once a row, and only when what the search reads changed (the
# WHEN is checked without calling the function): every login updates its user, at no cost here.
TRIGGERS = [
    (
        "candidates_search_profile_insert",
        "candidates_candidateprofile",
        "AFTER INSERT",
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        "ARRAY(SELECT id FROM new_rows)",
        True,
    ),
    (
        "candidates_search_profile_update",
        "candidates_candidateprofile",
        "AFTER UPDATE OF resume_text, user_id",
        "FOR EACH ROW WHEN (OLD.resume_text IS DISTINCT FROM NEW.resume_text "
        "OR OLD.user_id <> NEW.user_id)",
        "ARRAY[NEW.id]",
        True,
    ),
    (
        "candidates_search_user_update",
        "accounts_user",
        "AFTER UPDATE OF first_name, last_name",
        "FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name "
        "OR OLD.last_name IS DISTINCT FROM NEW.last_name)",
        "ARRAY(SELECT id FROM candidates_candidateprofile WHERE user_id = NEW.id)",
        False,
    ),
    (
        "candidates_search_skill_insert",
        "candidates_skill",
        "AFTER INSERT",
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        "ARRAY(SELECT DISTINCT profile_id FROM new_rows)",
        False,
    ),
    (
        "candidates_search_skill_update",
        "candidates_skill",
        "AFTER UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT",
        "ARRAY(SELECT profile_id FROM new_rows UNION SELECT profile_id FROM old_rows)",
        False,
    ),
    (
        "candidates_search_skill_delete",
        "candidates_skill",
        "AFTER DELETE",
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
        "ARRAY(SELECT DISTINCT profile_id FROM old_rows)",
        False,
    ),
]

PROFILE_GONE = """
CREATE OR REPLACE FUNCTION candidates_search_profile_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM candidates_searchentry WHERE profile_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;
CREATE TRIGGER candidates_search_profile_delete AFTER DELETE ON candidates_candidateprofile
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_search_profile_deleted();

CREATE OR REPLACE FUNCTION candidates_search_profiles_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE candidates_searchentry;
    RETURN NULL;
END $$;
CREATE TRIGGER candidates_search_profile_truncate AFTER TRUNCATE ON candidates_candidateprofile
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_search_profiles_truncated();
"""


def _trigger_sql(name: str, table: str, event: str, fires: str, ids: str, words: bool) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_search_refresh({ids}, {"true" if words else "false"});
    RETURN NULL;
END $$;
CREATE TRIGGER {name} {event} ON {table} {fires} EXECUTE FUNCTION {name}();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TABLE {TABLE} (profile_id bigint PRIMARY KEY, words tsvector NOT NULL, "
        "terms text NOT NULL)"
    )
    # Both stay in the row (compressed at most), so matching them reads no TOAST.
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN terms SET STORAGE MAIN, "
        "ALTER COLUMN words SET STORAGE MAIN"
    )
    schema_editor.execute(REFRESH)
    for trigger in TRIGGERS:
        schema_editor.execute(_trigger_sql(*trigger))
    schema_editor.execute(PROFILE_GONE)
    schema_editor.execute(
        "SELECT candidates_search_refresh(ARRAY(SELECT id FROM candidates_candidateprofile), true)"
    )
    schema_editor.execute(f"CREATE INDEX candidate_search_words ON {TABLE} USING gin (words)")
    # pg_trgm: jobs 0002 creates it, or 0009 found it missing and warned.
    schema_editor.execute(
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        f"CREATE INDEX candidate_search_terms ON {TABLE} USING gin (UPPER(terms) gin_trgm_ops); "
        "END IF; END $$"
    )
    schema_editor.execute(f"ANALYZE {TABLE}")
    # 0009's index of the profiles' resume text: the search reads `words` instead.
    schema_editor.execute("DROP INDEX IF EXISTS candidate_resume_text_fts")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {RESUME_TEXT_INDEX}")
    for name, table, *_ in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    for name, function in (
        ("candidates_search_profile_delete", "candidates_search_profile_deleted"),
        ("candidates_search_profile_truncate", "candidates_search_profiles_truncated"),
    ):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON candidates_candidateprofile")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
    schema_editor.execute("DROP FUNCTION IF EXISTS candidates_search_refresh(bigint[], boolean)")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0010_note_latest_index"), ("accounts", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("profile_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("words", django.contrib.postgres.search.SearchVectorField()),
                ("terms", models.TextField()),
            ],
            options={"db_table": TABLE, "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
