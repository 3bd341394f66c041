"""Timestamps read from PostgreSQL by psycopg's C loader.

Django reads every `timestamptz` column through a Python subclass of psycopg's Python loader
(`psycopg_any.BaseTzLoader`: parse the text, then set the connection's time zone), about 9 µs a
value here; psycopg's C loader takes under 1. A 45-job browse page reads 180 timestamps.

On a connection whose session time zone is UTC, which is what Django sets when `TIME_ZONE` is
UTC, both give the same aware datetime (`datetime.timezone.utc`), so `install` puts the C loader
in front, behind a small class with the `timezone` attribute Django's cursors compare with
their own. Any other set-up keeps Django's loader.
"""

import datetime as dt

import psycopg
from psycopg.adapt import Loader
from psycopg.postgres import types
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader as PythonTimestamptzLoader

TIMESTAMPTZ_OID = types["timestamptz"].oid
# psycopg's own map holds its C loaders where the C implementation is installed.
_C_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


class UTCTimestampLoader(Loader):
    """psycopg's C `timestamptz` loader, with the attribute Django reads off the loader."""

    timezone = dt.UTC

    def __init__(self, oid: int, context=None) -> None:
        super().__init__(oid, context)
        self._load = _C_LOADER(oid, context).load  # type: ignore[misc]

    def load(self, data):
        return self._load(data)


def install(connection) -> bool:
    """Read `timestamptz` columns of this (Django, PostgreSQL) connection with the C loader, if
    the C implementation is there and the session's time zone is UTC. Returns whether it did."""
    if _C_LOADER is None or _C_LOADER is PythonTimestamptzLoader:
        return False
    if connection.timezone is not dt.UTC:
        return False
    raw = connection.connection
    if raw.info.parameter_status("TimeZone") != "UTC":
        return False
    raw.adapters.register_loader(TIMESTAMPTZ_OID, UTCTimestampLoader)
    return True
