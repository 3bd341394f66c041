"""On PostgreSQL, timestamps are read by psycopg's C loader and come out as Django's own loader
reads them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from apps.jobs.models import JobPost
from platform_core import pg_loaders
from tests.apps.jobs.factories import JobPostFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the loaders are psycopg's"
)

LITERALS = [
    "2026-12-02 05:16:10.123456+00",
    "2026-01-01 00:00:00+00",
    "2026-06-30 23:59:59.999999+05:30",
    "1999-12-31 19:00:00-08",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.5+00",
]


class DjangosLoader(BaseTzLoader):
    timezone = dt.UTC


def _select(cursor) -> list:
    cursor.execute(
        "SELECT " + ", ".join(f"'{literal}'::timestamptz" for literal in LITERALS) + ", NULL"
    )
    return list(cursor.fetchone())


@pytest.mark.django_db
def test_timestamps_read_by_the_c_loader_are_what_djangos_loader_reads():
    connection.ensure_connection()
    installed = connection.connection.adapters.get_loader(pg_loaders.TIMESTAMPTZ_OID, Format.TEXT)
    assert installed is pg_loaders.UTCTimestampLoader

    with connection.cursor() as cursor:
        ours = _select(cursor)
    with connection.connection.cursor() as raw:
        raw.adapters.register_loader(pg_loaders.TIMESTAMPTZ_OID, DjangosLoader)
        theirs = _select(raw)

    assert ours == theirs
    assert [value.tzinfo for value in ours[:-1]] == [dt.UTC] * len(LITERALS)
    assert ours[-1] is None


@pytest.mark.django_db
def test_models_read_their_timestamps_through_it():
    job = JobPostFactory()

    loaded = JobPost.objects.get(pk=job.pk)

    assert loaded.created_at == job.created_at
    assert loaded.created_at.tzinfo is dt.UTC


@pytest.mark.django_db
def test_a_session_in_another_time_zone_keeps_djangos_loader():
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Paris'")
    try:
        raw.adapters.register_loader(pg_loaders.TIMESTAMPTZ_OID, DjangosLoader)

        assert pg_loaders.install(connection) is False
        assert raw.adapters.get_loader(pg_loaders.TIMESTAMPTZ_OID, Format.TEXT) is DjangosLoader
    finally:
        with raw.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        assert pg_loaders.install(connection) is True
