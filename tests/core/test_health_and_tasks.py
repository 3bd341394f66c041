"""The health endpoint, and the task queue through its configured backend (not immediate mode)."""

import uuid

import pytest
from django.conf import settings
from django.db import OperationalError
from huey.contrib.djhuey import HUEY
from huey.utils import load_class

from platform_core import views
from platform_core.tasks import send_email


def test_health_all_ok(api):
    response = api.get("/api/health/")

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "task_queue": "ok",
        "cache": "ok",
        "unavailable": [],
    }


def test_health_task_queue_down_is_503(api, monkeypatch):
    def unreachable():
        raise ConnectionError("queue storage unreachable")

    monkeypatch.setattr(HUEY.storage, "queue_size", unreachable)

    response = api.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "task_queue": "unavailable",
        "cache": "ok",
        "unavailable": ["memory"],  # Huey is immediate in tests: its storage is in memory
    }


class _BrokenConnection:
    """Stands in for django.db.connection: opening a cursor fails as with the server gone."""

    vendor = "postgresql"

    def cursor(self):
        raise OperationalError("could not connect to server")


def test_health_database_down_is_503(api, monkeypatch):
    monkeypatch.setattr(views, "connection", _BrokenConnection())

    response = api.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "task_queue": "ok",
        "cache": "ok",
        "unavailable": ["postgresql"],
    }


@pytest.fixture
def queue(tmp_path):
    """A Huey built from settings.HUEY as huey.contrib.djhuey builds it, but not immediate."""
    config = dict(settings.HUEY)
    name = config.pop("name")
    huey_class = load_class(config.pop("huey_class"))
    config.pop("consumer", None)
    config.update(config.pop("connection", {}))
    config["immediate"] = False
    if settings.REDIS_URL:
        name = f"{name}-test-{uuid.uuid4().hex}"
        config["url"] = settings.REDIS_URL
    else:
        config["filename"] = str(tmp_path / "huey.db")
    huey = huey_class(name, **config)
    yield huey
    huey.storage.flush_all()


def test_task_queue_runs_a_task_through_the_configured_backend(queue):
    @queue.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    pending_before = queue.pending_count()
    task = queue.dequeue()
    returned = queue.execute(task)

    expected_class = "huey.RedisHuey" if settings.REDIS_URL else "huey.SqliteHuey"
    assert settings.HUEY["huey_class"] == expected_class
    assert type(queue).__name__ == expected_class.rsplit(".", 1)[1]
    assert queue.immediate is False
    assert pending_before == 1
    assert returned == 5
    assert queue.pending_count() == 0
    assert result.get() == 5


def test_task_queue_result_absent_until_a_consumer_runs_it(queue):
    @queue.task()
    def shout(word):
        return word.upper()

    result = shout("hello")

    assert result.get() is None
    assert queue.pending_count() == 1


def test_send_email_immediate_delivers_to_outbox(mailoutbox):
    result = send_email("Welcome", "Hello there.", ["ada@example.com"])

    assert result.get() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Welcome"
    assert message.body == "Hello there."
    assert message.to == ["ada@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
