"""The core's own endpoints.

GET /api/health/   database and task-queue reachability (200 when both answer, else 503)
GET /api/plugins/  the installed plugins: name, version, source, hooks, capabilities (any user)
"""

import logging
from typing import Any, cast

from django.db import connection
from django.http import HttpRequest, HttpResponse
from huey.contrib.djhuey import HUEY
from ninja import Query, Router, Schema, Status

from . import plugins
from .pagination import PageParams, paginate

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


class PluginOut(Schema):
    """An installed plugin: `source` is `built-in` or the distribution that installed it; `hooks`
    the hooks it implements; `capabilities` those it can be chosen for (`resume_parser`, ...)."""

    name: str
    version: str
    source: str
    hooks: list[str]
    capabilities: list[str]


class _Listed:
    """A plain list with the two operations `paginate` asks of a queryset."""

    def __init__(self, items: list[Any]):
        self.items = items

    def count(self) -> int:
        return len(self.items)

    def __getitem__(self, index: slice) -> list[Any]:
        return self.items[index]


@router.get("plugins/", response=list[PluginOut])
def list_plugins(request: HttpRequest, response: HttpResponse, page: Query[PageParams]):
    """The plugins this server loaded, by name (a bare array, paginated as every list)."""
    listed = _Listed(plugins.get_manager().listing())
    return paginate(request, response, cast(Any, listed), page)
