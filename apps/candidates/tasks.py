"""Periodic tasks of the candidates app (Huey finds this module by its name)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import disclosure_log


@db_periodic_task(crontab(minute="17", hour="3"))
def purge_disclosure_log() -> int:
    """Every night: forget disclosures older than DISCLOSURE_LOG_RETENTION_DAYS."""
    return disclosure_log.purge_expired()
