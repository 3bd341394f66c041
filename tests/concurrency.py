"""Helpers of the tests that need real concurrent transactions (PostgreSQL).

Such tests are marked `@pytest.mark.postgres` and call `require_postgresql()` first: elsewhere they
are skipped, unless `CI_REQUIRE_SERVICES` is set, in which case they fail (CI must not pass
without having run them). The pattern is the one of tests/apps/jobs/test_concurrency.py.
"""

import os
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart


def require_postgresql():
    """Skip off PostgreSQL; fail instead when CI_REQUIRE_SERVICES is set."""
    if connection.vendor == "postgresql":
        return
    reason = (
        f"needs PostgreSQL (DATABASE_URL=postgres://...); the database is {connection.vendor}, "
        "which cannot run concurrent write transactions"
    )
    if os.environ.get("CI_REQUIRE_SERVICES"):
        pytest.fail(f"CI_REQUIRE_SERVICES is set but this test {reason}", pytrace=False)
    pytest.skip(reason)


def all_at_once(requests: list) -> list[int]:
    """Send each request (a function of a fresh test client, returning its response) from its own
    thread, released together by a barrier; the statuses, in no particular order."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(send):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = send(client)
            with lock:
                statuses.append(response.status_code)
        except BaseException as exc:  # reported by the main thread
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(send,)) for send in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    return statuses


def patch_multipart_all_at_once(path: str, token: str, forms: list[dict]) -> list[int]:
    """PATCH `path` with each multipart form at once, as the same Bearer `token`."""

    def patch(form: dict):
        body = encode_multipart(BOUNDARY, form)
        return lambda client: client.patch(
            path, data=body, content_type=MULTIPART_CONTENT, HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return all_at_once([patch(form) for form in forms])
