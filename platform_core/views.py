"""The core's own endpoints.

GET /api/health/   database and task-queue reachability (200 when both answer, else 503)
"""

import logging

from django.db import connection
from huey.contrib.djhuey import HUEY
from ninja import Router, Schema, Status

logger = logging.getLogger(__name__)
router = Router(tags=["platform"])


class HealthOut(Schema):
    """`ok` or `unavailable` for each dependency; `status` is `ok` only when all are."""

    status: str
    database: str
    task_queue: str


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _task_queue_ok() -> bool:
    try:
        HUEY.storage.queue_size()
    except Exception:
        logger.exception("Health check: task queue unreachable")
        return False
    return True


@router.get("health/", auth=None, response={200: HealthOut, 503: HealthOut})
def health(request):
    """Whether the database and the task queue answer."""
    database, task_queue = _database_ok(), _task_queue_ok()
    body = {
        "status": "ok" if database and task_queue else "unavailable",
        "database": "ok" if database else "unavailable",
        "task_queue": "ok" if task_queue else "unavailable",
    }
    return Status(200 if database and task_queue else 503, body)
