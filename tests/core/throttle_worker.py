"""A separate process for tests/core/test_throttle_store.py: hammers the counter store.

    python -m tests.core.throttle_worker --migrate
    python -m tests.core.throttle_worker --mode count --threads 4 --hits 10 --now 1000060.5
    python -m tests.core.throttle_worker --mode throttle --threads 4 --hits 10 --limit 25 ...

DATABASE_URL names the shared database, REDIS_URL (if set) the Redis store. Every thread has its own connection (Django's are
per thread) and starts at a barrier, so the increments really overlap. Prints JSON on stdout:
`count` mode the counts the store returned, `throttle` mode how many calls passed or got 429.
"""

import argparse
import json
import os
import threading
from types import SimpleNamespace

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--migrate", action="store_true")
    parser.add_argument("--mode", choices=["count", "throttle"], default="count")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--hits", type=int, default=1)
    parser.add_argument("--limit", type=int, default=1)
    parser.add_argument("--now", type=float, default=1_000_060.5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory, override_settings

    from platform_core import throttling
    from platform_core.errors import Throttled
    from tests.helpers import caches_of_this_process

    # The keys of the test process that started this one, which clears them before each test.
    override_settings(CACHES=caches_of_this_process(settings.CACHES)).enable()

    if args.migrate:
        call_command("migrate", "platform_core", verbosity=0, interactive=False)
        return

    settings.THROTTLE_ENABLED = True
    # The store follows the environment: "database" without REDIS_URL, "cache" (Redis) with it.
    store, expected = (
        settings.THROTTLE_STORE,
        "cache" if os.environ.get("REDIS_URL") else "database",
    )
    if store != expected:
        raise SystemExit(f"THROTTLE_STORE is {store!r}, not {expected!r}")
    settings.THROTTLE_RATES = {"store": ("100000/h", f"{args.limit}/h")}
    throttling.time = SimpleNamespace(time=lambda: args.now)  # one window for every process
    barrier = threading.Barrier(args.threads)
    lock = threading.Lock()
    results: dict[str, list] = {"counts": [], "passed": [], "throttled": [], "errors": []}

    def run() -> None:
        barrier.wait()
        try:
            for _ in range(args.hits):
                if args.mode == "count":
                    value = throttling.count_hit("store:shared", 3600, args.now)
                    outcome = "counts"
                else:
                    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
                    try:
                        throttling.throttle(request, "store", "ada@example.com")
                        outcome, value = "passed", 1
                    except Throttled:
                        outcome, value = "throttled", 1
                with lock:
                    results[outcome].append(value)
        except Exception as exc:  # reported to the test, which fails on it
            with lock:
                results["errors"].append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
