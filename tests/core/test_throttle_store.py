"""The counter stores are shared and exact: separate processes and threads, each with its own
connection, increment one counter without losing a hit, and a limit lets exactly that many calls
through. The worker processes get the settings the environment gives them: without REDIS_URL the
database store (the embedded default) on the suite's engine (SQLite: a file; PostgreSQL: the test
database itself); when the suite has REDIS_URL, also the Redis store."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 2
THREADS = 4
HITS = 10
TOTAL = PROCESSES * THREADS * HITS


# The Redis store is measured only where the suite has Redis (the PostgreSQL + Redis run).
STORES = ["database"] + (["redis"] if os.environ.get("REDIS_URL") else [])


def _worker(database_url: str, *args: str, store: str = "database") -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "settings.test"}
    if store == "database":
        env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.core.throttle_worker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else {}


def _in_parallel(database_url: str, store: str, *args: str) -> list[dict]:
    with ThreadPoolExecutor(PROCESSES) as pool:
        runs = [pool.submit(_worker, database_url, *args, store=store) for _ in range(PROCESSES)]
        return [run.result() for run in runs]


@pytest.fixture
def shared_database_url(transactional_db, tmp_path):
    """A database the worker processes can open, holding the counter table."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'throttle.sqlite3'}"
        _worker(url, "--migrate")
        return url
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return (
        f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )


@pytest.mark.parametrize("store", STORES)
def test_store_processes_and_threads_share_one_exact_counter(shared_database_url, store):
    runs = _in_parallel(
        shared_database_url,
        store,
        "--mode",
        "count",
        "--threads",
        str(THREADS),
        "--hits",
        str(HITS),
    )

    counts = sorted(count for run in runs for count in run["counts"])
    assert [run["errors"] for run in runs] == [[]] * PROCESSES
    assert counts == list(range(1, TOTAL + 1))  # every hit counted once, none lost or doubled


@pytest.mark.parametrize("store", STORES)
def test_store_limit_holds_exactly_under_concurrency(shared_database_url, store):
    limit = 25

    runs = _in_parallel(
        shared_database_url,
        store,
        "--mode",
        "throttle",
        "--threads",
        str(THREADS),
        "--hits",
        str(HITS),
        "--limit",
        str(limit),
    )

    assert [run["errors"] for run in runs] == [[]] * PROCESSES
    assert sum(len(run["passed"]) for run in runs) == limit
    assert sum(len(run["throttled"]) for run in runs) == TOTAL - limit
