"""The core's own endpoints.

GET /api/health/   database, task-queue and cache reachability (200 when all answer, else 503,
                   naming the backends that did not: `"unavailable": ["redis"]`)
GET /api/plugins/  the installed plugins: name, version, source, hooks, capabilities (any user)
"""

import logging
from typing import Any, cast

from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from huey.contrib.djhuey import HUEY
from ninja import Query, Router, Status

from . import plugins
from .pagination import PageParams, paginate
from .schemas import OutSchema

logger = logging.getLogger(__name__)
router = Router(tags=["platform"])


class HealthOut(OutSchema):
    """`ok` or `unavailable` for each dependency; `status` is `ok` only when all are.

    `unavailable` names the backends that did not answer (`redis`, `postgresql`, `sqlite`),
    each once: with Redis down, the task queue and the cache both fail and it reads `["redis"]`.
    """

    status: str
    database: str
    task_queue: str
    cache: str
    unavailable: list[str]


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


def _cache_ok() -> bool:
    try:
        # A read is enough to reach the server; a missing key answers None.
        cache.get("health-check")
    except Exception:
        logger.exception("Health check: cache unreachable")
        return False
    return True


def _backend_name(kind: str) -> str:
    """Which server a dependency is: `postgresql`/`sqlite`, `redis`, or `memory` (in-process)."""
    if kind == "database":
        return connection.vendor
    backend = type(HUEY.storage if kind == "task_queue" else caches["default"]).__name__
    for name in ("redis", "sqlite"):
        if name in backend.lower():
            return name
    return "memory"  # LocMemCache; Huey's storage in immediate mode (tests)


@router.get("health/", auth=None, response={200: HealthOut, 503: HealthOut})
def health(request):
    """Whether the database, the task queue and the cache answer; `unavailable` names the
    backends (e.g. `redis`) of those that do not."""
    answers = {"database": _database_ok(), "task_queue": _task_queue_ok(), "cache": _cache_ok()}
    down = sorted({_backend_name(kind) for kind, ok in answers.items() if not ok})
    body: dict[str, Any] = {
        "status": "unavailable" if down else "ok",
        **{kind: "ok" if ok else "unavailable" for kind, ok in answers.items()},
        "unavailable": down,
    }
    return Status(503 if down else 200, body)


class PluginOut(OutSchema):
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
