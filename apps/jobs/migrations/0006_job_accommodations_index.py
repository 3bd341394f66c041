"""A PostgreSQL-only GIN index for browse's `?accommodations=` and `?matches_my_needs=true`.

Both filters are jsonb containment (`accommodations_offered @> '["remote_work", ...]'`), which a
`jsonb_path_ops` GIN index serves (it is smaller than the default operator class and supports
exactly `@>`). SQLite has no such index; there the filter matches the JSON text.
"""

from django.db import migrations

INDEX = "job_accommodations_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_jobpost USING gin "
            "(accommodations_offered jsonb_path_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_job_invites")]

    operations = [migrations.RunPython(create_index, drop_index)]
